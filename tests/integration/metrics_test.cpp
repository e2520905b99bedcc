// /metrics: Prometheus text with deliveries by type and outcome, leads created, request latency
// and storage commit histograms; /healthz and /readyz.
#include "tests/support/daemon.hpp"

#include <gtest/gtest.h>

#include <regex>

using leadhub::test::create_source;
using leadhub::test::Daemon;

namespace {

// The value of the sample line starting with `series` (name and labels), or -1.
double sample(const std::string& text, const std::string& series)
{
  auto at = text.find("\n" + series + " ");
  if (at == std::string::npos)
    return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

TEST(Metrics, CountDeliveriesLeadsLatencyAndCommits)
{
  Daemon daemon;
  auto src = create_source(daemon, "metrics", "webform");
  auto client = daemon.client();
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(client
                  ->Post(src.webhook_path.c_str(), R"({"email":"m)" + std::to_string(i) + R"(@example.com"})",
                         "application/json")
                  ->status,
              200);
  ASSERT_EQ(client->Post(src.webhook_path.c_str(), "{oops", "application/json")->status, 400);
  ASSERT_EQ(client->Post("/webhook/inbound/default/webform/nosuchtoken", "{}", "application/json")->status, 404);

  auto r = client->Get("/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
  const auto& text = "\n" + r->body;
  EXPECT_EQ(sample(text, R"(leadhub_deliveries_total{type="webform",outcome="accepted"})"), 3);
  EXPECT_EQ(sample(text, R"(leadhub_deliveries_total{type="webform",outcome="invalid_payload"})"), 1);
  EXPECT_EQ(sample(text, R"(leadhub_deliveries_total{type="webform",outcome="not_found"})"), 1);
  EXPECT_EQ(sample(text, R"(leadhub_leads_created_total{type="webform"})"), 3);
  EXPECT_EQ(sample(text, R"(leadhub_http_request_duration_seconds_count{route="webhook"})"), 5);
  EXPECT_EQ(sample(text, R"(leadhub_http_request_duration_seconds_bucket{route="webhook",le="+Inf"})"), 5);
  EXPECT_GT(sample(text, R"(leadhub_http_request_duration_seconds_sum{route="webhook"})"), 0);
  EXPECT_GE(sample(text, "leadhub_storage_commit_duration_seconds_count"), 1);
  EXPECT_GE(sample(text, "leadhub_storage_commit_batch_size_sum"), 4); // 3 accepted and 1 invalid, at least
  EXPECT_NE(text.find("# TYPE leadhub_http_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(text.find("# TYPE leadhub_deliveries_total counter"), std::string::npos);
  // Every sample line is `name{labels} value` or `name value`.
  std::regex line(R"(^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [0-9.e+-]+$)");
  std::istringstream in(r->body);
  for (std::string l; std::getline(in, l);) {
    if (!l.empty() && l[0] != '#') {
      EXPECT_TRUE(std::regex_match(l, line)) << l;
    }
  }
}

TEST(Metrics, HealthAndReadiness)
{
  Daemon daemon;
  auto client = daemon.client();
  auto health = client->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok\n");
  auto ready = client->Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
}

} // namespace
