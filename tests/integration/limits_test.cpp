// max_body_bytes: 413 for a larger body, with or without Content-Length, recorded as an event, and
// the keep-alive connection still usable afterwards.
#include "tests/support/daemon.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using leadhub::test::create_source;
using leadhub::test::Daemon;
using leadhub::test::DaemonConfig;
using leadhub::test::query_int;

namespace {

constexpr size_t k_limit = 4096;

std::string json_of_size(size_t size, const std::string& email)
{
  std::string head = R"({"email":")" + email + R"(","message":")";
  std::string tail = "\"}";
  return head + std::string(size - head.size() - tail.size(), 'x') + tail;
}

class BodyLimit : public ::testing::Test {
protected:
  BodyLimit() : daemon(DaemonConfig{{{"max_body_bytes", std::to_string(k_limit)}}, {}}) {}
  int64_t events_with_status(int64_t source_id, int status)
  {
    return query_int(daemon.db_path(), "SELECT count(*) FROM events WHERE source_id = ? AND http_status = ?",
                     {std::to_string(source_id), std::to_string(status)});
  }
  Daemon daemon;
};

TEST_F(BodyLimit, AtTheLimitIsAccepted)
{
  auto src = create_source(daemon, "limit", "webform");
  auto body = json_of_size(k_limit, "edge@example.com");
  ASSERT_EQ(body.size(), k_limit);
  auto r = daemon.client()->Post(src.webhook_path.c_str(), body, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST_F(BodyLimit, OverTheLimitIs413AndRecordedAndTheConnectionStaysUsable)
{
  auto src = create_source(daemon, "limit", "webform");
  auto client = daemon.client();
  client->set_keep_alive(true);
  auto r = client->Post(src.webhook_path.c_str(), json_of_size(k_limit + 1, "big@example.com"), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(nlohmann::json::parse(r->body).contains("error"));
  EXPECT_EQ(events_with_status(src.id, 413), 1);
  EXPECT_EQ(query_int(daemon.db_path(), "SELECT count(*) FROM leads WHERE email = 'big@example.com'"), 0);
  // The rest of the body was read and dropped, so the next request on the connection works.
  auto next = client->Post(src.webhook_path.c_str(), R"({"email":"next@example.com"})", "application/json");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200) << next->body;
}

TEST_F(BodyLimit, ChunkedBodyOverTheLimitIs413)
{
  auto src = create_source(daemon, "chunked", "webform");
  auto body = std::make_shared<std::string>(json_of_size(3 * k_limit, "chunked@example.com"));
  auto r = daemon.client()->Post(
      src.webhook_path.c_str(),
      [body](size_t offset, httplib::DataSink& sink) {
        if (offset < body->size())
          sink.write(body->data() + offset, std::min<size_t>(1000, body->size() - offset));
        else
          sink.done();
        return true;
      },
      "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(events_with_status(src.id, 413), 1);
}

TEST_F(BodyLimit, ReloadRaisesTheLimit)
{
  auto src = create_source(daemon, "reload", "webform");
  auto body = json_of_size(2 * k_limit, "reloaded@example.com");
  auto before = daemon.client()->Post(src.webhook_path.c_str(), body, "application/json");
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 413);
  daemon.rewrite_config({{"max_body_bytes", std::to_string(4 * k_limit)}});
  ::kill(daemon.pid(), SIGHUP);
  // Reload is asynchronous: wait for its log line, with a deadline.
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (daemon.log().find("config.reloaded") == std::string::npos && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_NE(daemon.log().find("config.reloaded"), std::string::npos) << daemon.log();
  auto after = daemon.client()->Post(src.webhook_path.c_str(), body, "application/json");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200) << after->body;
}

} // namespace
