#include "core/store/store.hpp"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <cstring>

using namespace leadhub;

namespace {

SQLite::Database memory_db()
{
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("CREATE TABLE t (n INTEGER)");
  db.exec("INSERT INTO t VALUES (1), (2), (3)");
  return db;
}

int64_t scalar(store::CachedStatement st)
{
  EXPECT_TRUE(st->executeStep());
  return st->getColumn(0).getInt64();
}

} // namespace

TEST(StatementCache, ALiteralIsPreparedOnceAndReset)
{
  auto db = memory_db();
  store::StatementCache cache(db);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(scalar(cache.get("SELECT count(*) FROM t")), 3);
  // The same text through a std::string is the same statement, still reset between uses.
  EXPECT_EQ(scalar(cache.get(std::string("SELECT count(*) FROM t"))), 3);
}

TEST(StatementCache, AnAddressReusedForOtherSqlGetsItsOwnStatement)
{
  auto db = memory_db();
  store::StatementCache cache(db);
  char buffer[64];
  std::strcpy(buffer, "SELECT max(n) FROM t");
  EXPECT_EQ(scalar(cache.get(static_cast<const char*>(buffer))), 3);
  std::strcpy(buffer, "SELECT min(n) FROM t");
  EXPECT_EQ(scalar(cache.get(static_cast<const char*>(buffer))), 1);
  std::strcpy(buffer, "SELECT max(n) FROM t");
  EXPECT_EQ(scalar(cache.get(static_cast<const char*>(buffer))), 3);
}
