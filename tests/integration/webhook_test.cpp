// The webhook route's contract (DESIGN.md, leadhubd): every status code, events, and the one 404.
#include "tests/support/daemon.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using leadhub::test::create_source;
using leadhub::test::query_int;
using nlohmann::json;

namespace {

class Webhook : public leadhub::test::SharedDaemonTest {
protected:
  httplib::Result post(const std::string& path, const std::string& body, const std::string& type = "application/json")
  {
    return daemon().client()->Post(path.c_str(), body, type.c_str());
  }
  int64_t leads_with_email(const std::string& email)
  {
    return query_int(daemon().db_path(), "SELECT count(*) FROM leads WHERE email = ?", {email});
  }
  int64_t events_of(int64_t source_id, const std::string& outcome)
  {
    return query_int(daemon().db_path(), "SELECT count(*) FROM events WHERE source_id = ? AND outcome = ?",
                     {std::to_string(source_id), outcome});
  }
};

TEST_F(Webhook, JsonDeliveryIsAcceptedWithLeadIds)
{
  auto src = create_source(daemon(), "json form", "webform");
  auto r = post(src.webhook_path, R"({"first_name":"Ann","last_name":"Lee","email":"ann@example.com"})");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  auto body = json::parse(r->body);
  EXPECT_EQ(body["status"], "accepted");
  ASSERT_EQ(body["lead_ids"].size(), 1u);
  auto id = body["lead_ids"][0].get<int64_t>();
  EXPECT_EQ(query_int(daemon().db_path(), "SELECT count(*) FROM leads WHERE id = ? AND email = 'ann@example.com'",
                      {std::to_string(id)}),
            1);
  EXPECT_EQ(events_of(src.id, "accepted"), 1);
}

TEST_F(Webhook, FormUrlencodedAndMultipartBodiesAreAccepted)
{
  auto src = create_source(daemon(), "form bodies", "webform");
  auto r =
      post(src.webhook_path, "first_name=Bob&email=bob%40example.com&website=", "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(leads_with_email("bob@example.com"), 1);

  httplib::MultipartFormDataItems items = {{"first_name", "Carl", "", ""}, {"email", "carl@example.com", "", ""}};
  auto m = daemon().client()->Post(src.webhook_path.c_str(), items);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200) << m->body;
  EXPECT_EQ(leads_with_email("carl@example.com"), 1);
  // The event keeps the raw multipart bytes, boundary and all.
  EXPECT_EQ(query_int(daemon().db_path(),
                      "SELECT count(*) FROM events WHERE source_id = ? AND content_type LIKE 'multipart/form-data; "
                      "boundary=%' AND instr(body, 'Content-Disposition: form-data; name=\"email\"') > 0",
                      {std::to_string(src.id)}),
            1);
}

TEST_F(Webhook, SameExternalIdTwiceIsDuplicate)
{
  auto src = create_source(daemon(), "dedup", "webform");
  const std::string body = R"({"submission_id":"s-1","email":"dup@example.com"})";
  auto first = post(src.webhook_path, body);
  ASSERT_TRUE(first);
  EXPECT_EQ(json::parse(first->body)["status"], "accepted");
  auto second = post(src.webhook_path, body);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(json::parse(second->body), json({{"status", "duplicate"}}));
  EXPECT_EQ(leads_with_email("dup@example.com"), 1);
  EXPECT_EQ(events_of(src.id, "duplicate"), 1);
}

// leadhubctl writes to the same database while the daemon runs; a duplicate delivery before that
// must not leave the daemon's writer on a stale snapshot (every later write would then be 503).
TEST_F(Webhook, DuplicateThenAWriteByLeadhubctlStillAccepts)
{
  auto src = create_source(daemon(), "dedup then admin", "webform");
  const std::string body = R"({"submission_id":"s-2","email":"dup2@example.com"})";
  ASSERT_EQ(post(src.webhook_path, body)->status, 200);
  ASSERT_EQ(post(src.webhook_path, body)->status, 200);
  create_source(daemon(), "written meanwhile", "webform");
  auto r = post(src.webhook_path, R"({"email":"after-admin@example.com"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(leads_with_email("after-admin@example.com"), 1);
}

TEST_F(Webhook, InactiveConnectionIsIgnoredLoggedAndMakesNoLead)
{
  auto src = create_source(daemon(), "inactive", "webform", {"--inactive"});
  auto r = post(src.webhook_path, R"({"email":"inactive@example.com"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body), json({{"status", "ignored"}}));
  EXPECT_EQ(leads_with_email("inactive@example.com"), 0);
  EXPECT_EQ(events_of(src.id, "ignored_inactive"), 1);
}

TEST_F(Webhook, EveryUnknownUrlGetsTheSame404)
{
  auto web = create_source(daemon(), "known", "webform");
  auto jot = create_source(daemon(), "other type", "jotform");
  const std::string payload = R"({"email":"probe@example.com"})";
  auto reference = post("/webhook/inbound/default/webform/" + std::string(48, 'A'), payload);
  ASSERT_TRUE(reference);
  ASSERT_EQ(reference->status, 404);
  const std::vector<std::string> paths = {
      "/webhook/inbound/nosuchtenant/webform/" + web.token,          // unknown tenant
      "/webhook/inbound/default/nosuchtype/" + web.token,            // unknown type
      "/webhook/inbound/default/jotform/" + web.token,               // type does not match the token
      "/webhook/inbound/default/webform/" + jot.token,               // the other way round
      "/webhook/inbound/default/webform/" + web.token.substr(0, 47), // token one short
      "/webhook/inbound/default/webform",                            // too few segments
      "/webhook/inbound/default/webform/" + web.token + "/x",        // too many
      "/nothing/here",                                               // unknown route
  };
  for (const auto& path : paths) {
    SCOPED_TRACE(path);
    auto r = post(path, payload);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    EXPECT_EQ(r->body, reference->body);
    EXPECT_EQ(r->get_header_value("Content-Type"), reference->get_header_value("Content-Type"));
  }
  auto get = daemon().client()->Get("/forms/default/nosuchtoken");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 404);
  EXPECT_EQ(get->body, reference->body);
  auto put = daemon().client()->Put(web.webhook_path.c_str(), payload, "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 404);
  EXPECT_EQ(put->body, reference->body);
  EXPECT_EQ(leads_with_email("probe@example.com"), 0);
}

TEST_F(Webhook, MalformedJsonIs400AndRecorded)
{
  auto src = create_source(daemon(), "malformed", "webform");
  auto r = post(src.webhook_path, R"({"email": "broken@example.com",)");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_TRUE(json::parse(r->body).contains("error"));
  EXPECT_EQ(events_of(src.id, "invalid_payload"), 1);
  EXPECT_EQ(leads_with_email("broken@example.com"), 0);
}

TEST_F(Webhook, UnknownContentTypeIs400)
{
  auto src = create_source(daemon(), "content type", "webform");
  auto r = post(src.webhook_path, "email=odd@example.com", "application/x-unknown");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(events_of(src.id, "invalid_payload"), 1);
  EXPECT_EQ(leads_with_email("odd@example.com"), 0);
}

TEST_F(Webhook, DeletedConnectionIs404AndItsLeadsStay)
{
  auto src = create_source(daemon(), "to delete", "webform");
  auto r = post(src.webhook_path, R"({"first_name":"Kept","email":"kept@example.com"})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto del = daemon().ctl({"source", "delete", std::to_string(src.id), "--yes"});
  ASSERT_EQ(del.exit_code, 0) << del.err;
  auto after = post(src.webhook_path, R"({"email":"after@example.com"})");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 404);
  EXPECT_EQ(after->body, R"({"error":"not found"})");
  EXPECT_EQ(leads_with_email("kept@example.com"), 1);
  EXPECT_EQ(query_int(daemon().db_path(), "SELECT count(*) FROM leads WHERE source_name = 'to delete'"), 1);
  EXPECT_EQ(leads_with_email("after@example.com"), 0);
}

TEST_F(Webhook, TokenNeverReachesTheLog)
{
  auto src = create_source(daemon(), "secret token", "webform");
  ASSERT_TRUE(post(src.webhook_path, R"({"email":"log@example.com","phone":"+1 555 0199"})"));
  ASSERT_TRUE(post(src.webhook_path, R"({"email": broken)"));
  // This delivery's own line (the suite shares one daemon), written a few ms late.
  ASSERT_TRUE(daemon().wait_for_log("webhook.accepted tenant=default type=webform source=" + std::to_string(src.id) +
                                    " "))
      << daemon().log();
  auto log = daemon().log();
  EXPECT_EQ(log.find(src.token), std::string::npos);
  EXPECT_EQ(log.find("log@example.com"), std::string::npos);
  EXPECT_EQ(log.find("555 0199"), std::string::npos);
  EXPECT_EQ(log.find("broken"), std::string::npos);
}

} // namespace
