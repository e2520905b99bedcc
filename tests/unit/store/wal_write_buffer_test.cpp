#include "core/store/database.hpp"
#include "core/store/wal_write_buffer.hpp"
#include "tests/support/temp_dir.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

using namespace leadhub;

namespace {

std::unique_ptr<SQLite::Database> open(const std::string& path, bool full = true)
{
  store::OpenOptions o;
  o.migrate = false;
  o.synchronous_full = full;
  return store::open_database(path, o);
}

int64_t count(SQLite::Database& db)
{
  return db.execAndGet("SELECT count(*) FROM t").getInt64();
}

void insert(SQLite::Database& db, int rows, size_t bytes)
{
  db.exec("BEGIN IMMEDIATE");
  SQLite::Statement st(db, "INSERT INTO t (body) VALUES (?)");
  for (int i = 0; i < rows; ++i) {
    st.bind(1, std::string(bytes, static_cast<char>('a' + i % 26)));
    st.exec();
    st.reset();
  }
  db.exec("COMMIT");
}

} // namespace

TEST(WalWriteBuffer, IsTheDefaultVfsOnceADatabaseIsOpen)
{
  test::TempDir dir;
  auto db = open(dir.file("a.db"));
  ASSERT_NE(sqlite3_vfs_find(nullptr), nullptr);
  EXPECT_STREQ(sqlite3_vfs_find(nullptr)->zName, store::k_wal_write_buffer_vfs);
  EXPECT_EQ(db->execAndGet("PRAGMA journal_mode").getString(), "wal");
}

// Another connection reads frames from the WAL file as soon as the commit is in the WAL index,
// with or without a sync: every commit must have reached the file by then.
TEST(WalWriteBuffer, EveryCommitIsVisibleToAnotherConnectionAtOnce)
{
  for (bool full : {true, false}) {
    test::TempDir dir;
    auto writer = open(dir.file("a.db"), full);
    writer->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)");
    auto reader = open(dir.file("a.db"));
    for (int commit = 1; commit <= 50; ++commit) {
      insert(*writer, 7, 1500);
      ASSERT_EQ(count(*reader), commit * 7) << (full ? "FULL" : "NORMAL") << " commit " << commit;
    }
  }
}

TEST(WalWriteBuffer, LargeTransactionsCheckpointsAndRestartsKeepEveryRow)
{
  test::TempDir dir;
  {
    auto db = open(dir.file("a.db"));
    db->exec("PRAGMA wal_autocheckpoint=100");
    db->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)");
    insert(*db, 3000, 3000); // ~9 MB: past the buffer's cap and the page cache
    for (int i = 0; i < 200; ++i)
      insert(*db, 10, 1800); // many small commits: checkpoints and WAL restarts in between
    db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    insert(*db, 10, 1800);
    EXPECT_EQ(count(*db), 3000 + 2000 + 10);
  }
  auto db = open(dir.file("a.db"));
  EXPECT_EQ(db->execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_EQ(count(*db), 5010);
  EXPECT_EQ(db->execAndGet("SELECT length(body) FROM t WHERE id = 5010").getInt(), 1800);
}

TEST(WalWriteBuffer, ARolledBackTransactionLeavesNothing)
{
  test::TempDir dir;
  auto db = open(dir.file("a.db"));
  db->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)");
  insert(*db, 5, 100);
  db->exec("PRAGMA cache_size=10"); // spill frames to the WAL before the rollback
  db->exec("BEGIN IMMEDIATE");
  for (int i = 0; i < 200; ++i)
    db->exec("INSERT INTO t (body) VALUES (randomblob(2000))");
  db->exec("ROLLBACK");
  insert(*db, 5, 100);
  auto other = open(dir.file("a.db"));
  EXPECT_EQ(count(*other), 10);
  EXPECT_EQ(other->execAndGet("PRAGMA integrity_check").getString(), "ok");
}
