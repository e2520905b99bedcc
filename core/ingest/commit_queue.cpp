#include "core/ingest/commit_queue.hpp"

#include "core/store/database.hpp"

#include <SQLiteCpp/Exception.h>

#include <chrono>

namespace leadhub::ingest {

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

void CommitQueue::run(Job job)
{
  std::future<void> done;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping)
      throw store::StoreError(store::StoreError::Kind::failure, "the commit queue is shutting down");
    m_queue.push_back(Pending{std::move(job), {}});
    done = m_queue.back().done.get_future();
  }
  m_cv.notify_one();
  done.get();
}

void CommitQueue::writer_loop()
{
  while (true) {
    std::deque<Pending> batch;
    {
      std::unique_lock lock(m_mutex);
      m_cv.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
      if (m_queue.empty())
        return; // stopping, and everything queued has been committed
      while (!m_queue.empty() && batch.size() < m_max_batch) {
        batch.push_back(std::move(m_queue.front()));
        m_queue.pop_front();
      }
    }
    commit_batch(batch);
  }
}

bool CommitQueue::run_batch(std::deque<Pending>& batch, std::vector<std::exception_ptr>& errors, bool isolate)
{
  step("BEGIN IMMEDIATE");
  for (size_t i = 0; i < batch.size(); ++i) {
    if (!isolate) {
      try {
        batch[i].job(*m_db);
      } catch (...) {
        m_db->exec("ROLLBACK");
        return false; // run again with a savepoint per job, so that only this one fails
      }
      continue;
    }
    step("SAVEPOINT job");
    try {
      batch[i].job(*m_db);
      step("RELEASE job");
    } catch (...) {
      errors[i] = std::current_exception();
      step("ROLLBACK TO job");
      step("RELEASE job");
    }
  }
  step("COMMIT");
  return true;
}

void CommitQueue::commit_batch(std::deque<Pending>& batch)
{
  auto started = std::chrono::steady_clock::now();
  std::vector<std::exception_ptr> errors(batch.size());
  try {
    // Jobs rarely fail, so the batch first runs without savepoints (each costs two statements
    // per job); jobs are written to be run again from the start.
    if (!run_batch(batch, errors, false))
      run_batch(batch, errors, true);
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
    for (auto& p : batch)
      p.done.set_exception(shared);
    return;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  Observer observer;
  {
    std::lock_guard lock(m_mutex);
    observer = m_observer;
  }
  if (observer)
    observer(seconds, batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    if (errors[i])
      batch[i].done.set_exception(errors[i]);
    else
      batch[i].done.set_value();
  }
}

} // namespace leadhub::ingest
