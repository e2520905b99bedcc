#include "core/ingest/commit_queue.hpp"
#include "core/store/database.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <atomic>
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
  leadhub::store::OpenOptions o;
  o.migrate = false;
  o.busy_timeout_ms = 50;
  auto writer_db = leadhub::store::open_database(path, o);
  writer_db->exec("CREATE TABLE t (v INTEGER)");
  CommitQueue q(std::move(writer_db));
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
