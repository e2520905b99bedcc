#include "core/ingest/commit_queue.hpp"
#include "core/store/database.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

using leadhub::ingest::CommitQueue;

namespace {

std::unique_ptr<SQLite::Database> open_plain(const std::string& path)
{
  leadhub::store::OpenOptions o;
  o.migrate = false;
  auto db = leadhub::store::open_database(path, o);
  db->exec("CREATE TABLE IF NOT EXISTS t (v INTEGER)");
  return db;
}

// A writer connection that gives up on a lock after 50 ms.
std::unique_ptr<SQLite::Database> open_impatient(const std::string& path)
{
  leadhub::store::OpenOptions o;
  o.migrate = false;
  o.busy_timeout_ms = 50;
  auto db = leadhub::store::open_database(path, o);
  db->exec("CREATE TABLE IF NOT EXISTS t (v INTEGER)");
  return db;
}

// Posts a job made of two callables.
template <class Run, class Done> void post(CommitQueue& q, Run run, Done done)
{
  struct Job : CommitQueue::Posted {
    Job(Run r, Done d) : run_fn(std::move(r)), done_fn(std::move(d)) {}
    void run(SQLite::Database& db) override { run_fn(db); }
    void done(std::exception_ptr error) override { done_fn(error); }
    Run run_fn;
    Done done_fn;
  };
  q.post(std::make_unique<Job>(std::move(run), std::move(done)));
}

int64_t count_rows(const std::string& path)
{
  auto db = open_plain(path);
  return db->execAndGet("SELECT count(*) FROM t").getInt64();
}

} // namespace

TEST(CommitQueue, CommitsEveryJobFromManyThreads)
{
  leadhub::test::TempDir dir;
  auto path = dir.file("q.db");
  std::atomic<size_t> max_batch{0}, commits{0};
  {
    CommitQueue q(open_plain(path));
    q.set_observer([&](double, size_t jobs) {
      ++commits;
      if (jobs > max_batch)
        max_batch = jobs;
    });
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&q, t] {
        for (int i = 0; i < 50; ++i)
          q.run([&](SQLite::Database& db) { db.exec("INSERT INTO t VALUES (" + std::to_string(t * 100 + i) + ")"); });
      });
    for (auto& th : threads)
      th.join();
  }
  EXPECT_EQ(count_rows(path), 400);
  EXPECT_GE(commits.load(), 1u);
  EXPECT_LE(commits.load(), 400u);
}

// More waiting jobs than a batch holds: each run() still returns only once its own job is
// committed, whichever batch took it (the waiters of a batch share one wake word per parity).
TEST(CommitQueue, ReturnsOnlyOnceTheJobIsCommittedWhenJobsSpillOverBatches)
{
  leadhub::test::TempDir dir;
  auto path = dir.file("q.db");
  open_plain(path);
  std::atomic<size_t> largest{0}, unseen{0};
  {
    CommitQueue q(open_plain(path), 2);
    q.set_observer([&](double, size_t jobs) {
      if (jobs > largest)
        largest = jobs;
    });
    std::vector<std::thread> threads;
    for (int t = 0; t < 16; ++t)
      threads.emplace_back([&, t] {
        auto reader = open_plain(path);
        for (int i = 0; i < 40; ++i) {
          int v = t * 1000 + i;
          q.run([&](SQLite::Database& db) { db.exec("INSERT INTO t VALUES (" + std::to_string(v) + ")"); });
          if (reader->execAndGet("SELECT count(*) FROM t WHERE v = " + std::to_string(v)).getInt() != 1)
            ++unseen;
        }
      });
    for (auto& th : threads)
      th.join();
  }
  EXPECT_EQ(unseen.load(), 0u);
  EXPECT_EQ(largest.load(), 2u);
  EXPECT_EQ(count_rows(path), 640);
}

TEST(CommitQueue, AFailingJobRollsBackAloneAndRethrows)
{
  leadhub::test::TempDir dir;
  auto path = dir.file("q.db");
  {
    CommitQueue q(open_plain(path));
    q.run([](SQLite::Database& db) { db.exec("INSERT INTO t VALUES (1)"); });
    EXPECT_THROW(q.run([](SQLite::Database& db) {
      db.exec("INSERT INTO t VALUES (2)");
      throw std::runtime_error("bad delivery");
    }),
                 std::runtime_error);
    q.run([](SQLite::Database& db) { db.exec("INSERT INTO t VALUES (3)"); });
  }
  auto db = open_plain(path);
  EXPECT_EQ(db->execAndGet("SELECT group_concat(v) FROM t").getString(), "1,3");
}

TEST(CommitQueue, ALockedDatabaseFailsWithAStoreError)
{
  leadhub::test::TempDir dir;
  auto path = dir.file("q.db");
  CommitQueue q(open_impatient(path));
  auto holder = open_plain(path);
  holder->exec("BEGIN IMMEDIATE");
  try {
    q.run([](SQLite::Database& db) { db.exec("INSERT INTO t VALUES (1)"); });
    FAIL() << "expected a StoreError";
  } catch (const leadhub::store::StoreError& e) {
    EXPECT_EQ(e.kind(), leadhub::store::StoreError::Kind::busy);
  }
  holder->exec("ROLLBACK");
  q.run([](SQLite::Database& db) { db.exec("INSERT INTO t VALUES (2)"); });
  EXPECT_EQ(count_rows(path), 1);
}

TEST(CommitQueue, APostedJobIsCompletedOnTheWriterOnceItIsCommitted)
{
  leadhub::test::TempDir dir;
  auto path = dir.file("q.db");
  constexpr int k_threads = 8, k_each = 40;
  std::atomic<int> completed{0}, visible{0}, failed{0};
  std::mutex mutex;
  std::condition_variable all_done;
  {
    CommitQueue q(open_plain(path), 4); // small batches: posted and waiting jobs share them
    auto reader = open_plain(path);
    std::vector<std::thread> threads;
    for (int t = 0; t < k_threads; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < k_each; ++i) {
          int v = t * 1000 + i;
          if (i % 2 == 0) {
            q.run([v](SQLite::Database& db) { db.exec("INSERT INTO t VALUES (" + std::to_string(v) + ")"); });
            continue;
          }
          post(q, [v](SQLite::Database& db) { db.exec("INSERT INTO t VALUES (" + std::to_string(v) + ")"); },
               [&, v](std::exception_ptr error) {
                 if (error)
                   ++failed;
                 // Called after COMMIT: another connection already sees the row.
                 auto db = open_plain(path);
                 SQLite::Statement st(*db, "SELECT count(*) FROM t WHERE v = ?");
                 st.bind(1, v);
                 if (st.executeStep() && st.getColumn(0).getInt() == 1)
                   ++visible;
                 std::lock_guard lock(mutex);
                 if (++completed == k_threads * k_each / 2)
                   all_done.notify_all();
               });
        }
      });
    for (auto& th : threads)
      th.join();
    std::unique_lock lock(mutex);
    ASSERT_TRUE(all_done.wait_for(lock, std::chrono::seconds(30), [&] { return completed == k_threads * k_each / 2; }));
  }
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(visible, k_threads * k_each / 2);
  EXPECT_EQ(count_rows(path), k_threads * k_each);
}

TEST(CommitQueue, APostedJobThatThrowsIsCompletedWithItsErrorAndRolledBackAlone)
{
  leadhub::test::TempDir dir;
  auto path = dir.file("q.db");
  std::exception_ptr bad, good;
  int calls = 0;
  {
    CommitQueue q(open_plain(path));
    post(
        q,
        [](SQLite::Database& db) {
          db.exec("INSERT INTO t VALUES (1)");
          throw std::runtime_error("bad delivery");
        },
        [&](std::exception_ptr e) {
          bad = e;
          ++calls;
        });
    post(q, [](SQLite::Database& db) { db.exec("INSERT INTO t VALUES (2)"); },
         [&](std::exception_ptr e) {
           good = e;
           ++calls;
         });
  } // the destructor drains the queue
  EXPECT_EQ(calls, 2);
  ASSERT_TRUE(bad);
  EXPECT_THROW(std::rethrow_exception(bad), std::runtime_error);
  EXPECT_FALSE(good);
  auto db = open_plain(path);
  EXPECT_EQ(db->execAndGet("SELECT group_concat(v) FROM t").getString(), "2");
}

TEST(CommitQueue, APostedJobOnALockedDatabaseIsCompletedWithAStoreError)
{
  leadhub::test::TempDir dir;
  auto path = dir.file("q.db");
  CommitQueue q(open_impatient(path));
  auto holder = open_plain(path);
  holder->exec("BEGIN IMMEDIATE");
  std::promise<std::exception_ptr> result;
  post(q, [](SQLite::Database& db) { db.exec("INSERT INTO t VALUES (1)"); },
       [&](std::exception_ptr e) { result.set_value(e); });
  auto error = result.get_future().get();
  holder->exec("ROLLBACK");
  ASSERT_TRUE(error);
  try {
    std::rethrow_exception(error);
  } catch (const leadhub::store::StoreError& e) {
    EXPECT_EQ(e.kind(), leadhub::store::StoreError::Kind::busy);
  }
  EXPECT_EQ(count_rows(path), 0);
}
