// Group commit: concurrent writers hand jobs to one thread that runs them in one transaction,
// so many acknowledged leads share a single fsync.
#pragma once

#include "core/store/store.hpp"

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace leadhub::ingest {

class CommitQueue {
  // Lives on the stack of the thread that waits in run(), or in a Posted: queueing a job
  // allocates nothing.
  struct Pending {
    void* job = nullptr;
    void (*call)(void* job, SQLite::Database& db) = nullptr;
    std::exception_ptr error;       // set by the writer before `done`
    std::atomic<uint32_t> done{0};  // 1 once committed (or failed)
    bool posted = false;            // `job` is a Posted: nobody waits, the writer completes it
  };

public:
  // A job queued by post(): run() as run()'s job is, then done() on the writer thread once it is
  // committed, with null, or with what run() would have thrown. done() must not throw and must
  // not wait for another job.
  class Posted {
  public:
    virtual ~Posted() = default;
    virtual void run(SQLite::Database& db) = 0;
    virtual void done(std::exception_ptr error) = 0;

  private:
    friend class CommitQueue;
    Pending m_pending;
  };

  // Called after every commit with its duration (BEGIN to COMMIT, seconds) and the jobs it held.
  using Observer = std::function<void(double seconds, size_t jobs)>;

  explicit CommitQueue(std::unique_ptr<SQLite::Database> db, size_t max_batch = 1024);
  // Drains what is queued, then stops the writer thread.
  ~CommitQueue();
  CommitQueue(const CommitQueue&) = delete;
  CommitQueue& operator=(const CommitQueue&) = delete;

  // Runs `job` inside a shared IMMEDIATE transaction and returns once it is committed (durable).
  // `job` may run more than once (it must start from scratch each time). A job that throws is
  // rolled back alone and its exception is rethrown here; a
  // failed BEGIN or COMMIT throws store::StoreError to every job of the batch.
  template <class Job> void run(Job&& job)
  {
    using Fn = std::remove_reference_t<Job>;
    Pending pending;
    pending.job = const_cast<void*>(static_cast<const void*>(std::addressof(job)));
    pending.call = [](void* fn, SQLite::Database& db) { (*static_cast<Fn*>(fn))(db); };
    submit(pending);
  }
  // Queues `job` and returns at once; the writer completes it and then deletes it. When the queue
  // is stopping, its done() runs here, with a StoreError.
  void post(std::unique_ptr<Posted> job);
  void set_observer(Observer observer);
  // A number that changes with every BEGIN (never 0); for jobs, which run on the writer thread, to
  // tell one transaction from the next.
  uint64_t transaction() const { return m_transaction; }

private:
  void submit(Pending& pending);
  // Queues `pending`; the number of the batch it will be committed in.
  uint64_t enqueue(Pending& pending);
  // After a batch: wakes its waiters, then completes its posted jobs.
  void finish_batch(std::vector<Pending*>& batch, uint64_t number);
  void writer_loop();
  void commit_batch(std::vector<Pending*>& batch);
  // BEGIN, every job, COMMIT; with `isolate`, a savepoint per job records its failure in `error`;
  // without, a failing job rolls everything back and false is returned.
  bool run_batch(std::vector<Pending*>& batch, bool isolate);
  void step(const char* sql) { m_statements->get(sql)->exec(); }

  std::unique_ptr<SQLite::Database> m_db;
  std::unique_ptr<store::StatementCache> m_statements; // BEGIN, SAVEPOINT, RELEASE, COMMIT
  size_t m_max_batch;
  uint64_t m_transaction = 0; // the writer thread's alone
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::vector<Pending*> m_queue;
  std::vector<Posted*> m_posted; // the writer thread's: the posted jobs of the batch it finishes
  uint64_t m_batches_taken = 0;              // under m_mutex
  std::atomic<uint32_t> m_batch_ends[2] = {}; // futex words, bumped at the end of odd and even batches
  bool m_stopping = false;
  Observer m_observer;
  std::thread m_writer;
};

} // namespace leadhub::ingest
