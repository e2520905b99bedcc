// Group commit: concurrent writers hand jobs to one thread that runs them in one transaction,
// so many acknowledged leads share a single fsync.
#pragma once

#include "core/store/store.hpp"

#include <SQLiteCpp/Database.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace leadhub::ingest {

class CommitQueue {
public:
  using Job = std::function<void(SQLite::Database&)>;
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
  void run(Job job);
  void set_observer(Observer observer);

private:
  struct Pending {
    Job job;
    std::promise<void> done;
  };
  void writer_loop();
  void commit_batch(std::deque<Pending>& batch);
  // BEGIN, every job, COMMIT; with `isolate`, a savepoint per job records its failure in `errors`;
  // without, a failing job rolls everything back and false is returned.
  bool run_batch(std::deque<Pending>& batch, std::vector<std::exception_ptr>& errors, bool isolate);
  void step(const char* sql) { m_statements->get(sql)->exec(); }

  std::unique_ptr<SQLite::Database> m_db;
  std::unique_ptr<store::StatementCache> m_statements; // BEGIN, SAVEPOINT, RELEASE, COMMIT
  size_t m_max_batch;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<Pending> m_queue;
  bool m_stopping = false;
  Observer m_observer;
  std::thread m_writer;
};

} // namespace leadhub::ingest
