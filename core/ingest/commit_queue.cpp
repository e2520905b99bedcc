#include "core/ingest/commit_queue.hpp"

#include "core/store/database.hpp"
#include "core/util/thread_name.hpp"

#include <SQLiteCpp/Exception.h>

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <climits>

namespace leadhub::ingest {

namespace {

// Bare futexes rather than a condition variable: with a shared mutex and condition variable,
// every woken waiter queues for the mutex behind the writer (two sleeps and wakes per delivery
// instead of one). Each batch's waiters sleep on one word, and the writer wakes them all with one
// call; see CommitQueue::submit.
void futex_wait(std::atomic<uint32_t>& word, uint32_t seen)
{
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAIT_PRIVATE, seen, nullptr, nullptr, 0);
}

void futex_wake_all(std::atomic<uint32_t>& word)
{
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
}

} // namespace

CommitQueue::CommitQueue(std::unique_ptr<SQLite::Database> db, size_t max_batch)
    : m_db(std::move(db)), m_statements(std::make_unique<store::StatementCache>(*m_db)), m_max_batch(max_batch)
{
  m_writer = std::thread([this] { writer_loop(); });
}

CommitQueue::~CommitQueue()
{
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_cv.notify_all();
  m_writer.join();
}

void CommitQueue::set_observer(Observer observer)
{
  std::lock_guard lock(m_mutex);
  m_observer = std::move(observer);
}

uint64_t CommitQueue::enqueue(Pending& pending)
{
  uint64_t batch = 0;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping)
      throw store::StoreError(store::StoreError::Kind::failure, "the commit queue is shutting down");
    // The writer takes the queue from its front, m_max_batch at a time: this job's batch.
    batch = m_batches_taken + 1 + m_queue.size() / m_max_batch;
    m_queue.push_back(&pending);
  }
  m_cv.notify_one();
  return batch;
}

void CommitQueue::post(std::unique_ptr<Posted> job)
{
  auto& p = job->m_pending;
  p.job = job.get();
  p.call = [](void* posted, SQLite::Database& db) { static_cast<Posted*>(posted)->run(db); };
  p.posted = true;
  try {
    enqueue(p);
  } catch (...) {
    job->done(std::current_exception());
    return;
  }
  job.release(); // the writer's now: finish_batch deletes it
}

void CommitQueue::submit(Pending& pending)
{
  uint64_t batch = enqueue(pending);
  // Batches alternate between two words, so a waiter sleeps on a word that only its own batch's
  // end (or, past m_max_batch queued, the one two batches on) wakes. Reading the word before
  // `done` makes a wake between the two end the wait at once.
  auto& word = m_batch_ends[batch & 1];
  while (true) {
    uint32_t seen = word.load(std::memory_order_acquire);
    if (pending.done.load(std::memory_order_acquire) != 0)
      break;
    futex_wait(word, seen);
  }
  if (pending.error)
    std::rethrow_exception(pending.error);
}

void CommitQueue::writer_loop()
{
  util::name_this_thread("lh-writer");
  std::vector<Pending*> batch;
  uint64_t number = 0;
  while (true) {
    batch.clear();
    {
      std::unique_lock lock(m_mutex);
      m_cv.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
      if (m_queue.empty())
        return; // stopping, and everything queued has been committed
      size_t n = std::min(m_queue.size(), m_max_batch);
      batch.assign(m_queue.begin(), m_queue.begin() + static_cast<std::ptrdiff_t>(n));
      m_queue.erase(m_queue.begin(), m_queue.begin() + static_cast<std::ptrdiff_t>(n));
      number = ++m_batches_taken;
    }
    commit_batch(batch);
    finish_batch(batch, number);
  }
}

void CommitQueue::finish_batch(std::vector<Pending*>& batch, uint64_t number)
{
  // Once `done` is set a waiter may return and its Pending go: the posted jobs are sorted out
  // first, and only the word is touched after.
  m_posted.clear();
  for (auto* p : batch)
    if (p->posted)
      m_posted.push_back(static_cast<Posted*>(p->job));
  if (m_posted.size() < batch.size()) {
    for (auto* p : batch)
      if (!p->posted)
        p->done.store(1, std::memory_order_release);
    auto& word = m_batch_ends[number & 1];
    word.fetch_add(1, std::memory_order_release);
    futex_wake_all(word);
  }
  for (auto* posted : m_posted) {
    std::unique_ptr<Posted> owned(posted);
    try {
      owned->done(owned->m_pending.error);
    } catch (...) { // done() must not throw; one that does must not stop the writer
    }
  }
}

bool CommitQueue::run_batch(std::vector<Pending*>& batch, bool isolate)
{
  step("BEGIN IMMEDIATE");
  ++m_transaction;
  for (auto* p : batch) {
    if (!isolate) {
      try {
        p->call(p->job, *m_db);
      } catch (...) {
        m_db->exec("ROLLBACK");
        return false; // run again with a savepoint per job, so that only this one fails
      }
      continue;
    }
    step("SAVEPOINT job");
    try {
      p->call(p->job, *m_db);
      step("RELEASE job");
    } catch (...) {
      p->error = std::current_exception();
      step("ROLLBACK TO job");
      step("RELEASE job");
    }
  }
  step("COMMIT");
  return true;
}

void CommitQueue::commit_batch(std::vector<Pending*>& batch)
{
  auto started = std::chrono::steady_clock::now();
  bool committed = true;
  try {
    // Jobs rarely fail, so the batch first runs without savepoints (each costs two statements
    // per job); jobs are written to be run again from the start.
    if (!run_batch(batch, false))
      run_batch(batch, true);
  } catch (const std::exception& e) {
    try {
      m_db->exec("ROLLBACK");
    } catch (...) { // nothing was begun, or SQLite already rolled back
    }
    std::exception_ptr shared;
    try {
      store::rethrow_store_error(e, "cannot commit deliveries");
    } catch (...) {
      shared = std::current_exception();
    }
    for (auto* p : batch)
      p->error = shared;
    committed = false;
  }
  if (committed) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    Observer observer;
    {
      std::lock_guard lock(m_mutex);
      observer = m_observer;
    }
    if (observer)
      observer(seconds, batch.size());
  }
}

} // namespace leadhub::ingest
