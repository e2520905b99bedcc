// 503 when storage is unavailable: another process holds the write lock past the busy timeout.
#include "tests/support/daemon.hpp"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using leadhub::test::create_source;
using leadhub::test::Daemon;
using leadhub::test::query_int;

namespace {

TEST(Storage, LockedDatabaseIs503ThenRecovers)
{
  Daemon daemon;
  auto src = create_source(daemon, "locked", "webform");
  {
    SQLite::Database blocker(daemon.db_path(), SQLite::OPEN_READWRITE);
    blocker.exec("BEGIN EXCLUSIVE");
    auto r = daemon.client()->Post(src.webhook_path.c_str(), R"({"email":"locked@example.com"})", "application/json");
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_EQ(r->status, 503);
    EXPECT_TRUE(nlohmann::json::parse(r->body).contains("error"));
    EXPECT_NE(daemon.log().find("webhook.unavailable"), std::string::npos) << daemon.log();
    blocker.exec("ROLLBACK");
  }
  EXPECT_EQ(query_int(daemon.db_path(), "SELECT count(*) FROM leads WHERE email = 'locked@example.com'"), 0);
  // The platform retries, and this time the lead lands.
  auto retry = daemon.client()->Post(src.webhook_path.c_str(), R"({"email":"locked@example.com"})", "application/json");
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 200) << retry->body;
  EXPECT_EQ(query_int(daemon.db_path(), "SELECT count(*) FROM leads WHERE email = 'locked@example.com'"), 1);
}

} // namespace
