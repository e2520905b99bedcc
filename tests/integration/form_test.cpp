// The hosted web form over HTTP: the page, a browser's form post answered with a page, a JSON post
// answered in JSON, and the honeypot.
#include "tests/support/daemon.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using leadhub::test::create_source;
using leadhub::test::Daemon;
using leadhub::test::query_int;

namespace {

const httplib::Headers k_browser = {{"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}};

class Form : public ::testing::Test {
protected:
  int64_t leads_with_email(const std::string& email)
  {
    return query_int(daemon.db_path(), "SELECT count(*) FROM leads WHERE email = ?", {email});
  }
  Daemon daemon;
};

TEST_F(Form, PageIsServedAndPostsToTheWebhookPath)
{
  auto src = create_source(daemon, "Contact <us>", "webform");
  ASSERT_FALSE(src.form_path.empty());
  auto r = daemon.client()->Get(src.form_path.c_str(), k_browser);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer");
  EXPECT_NE(r->body.find("action=\"" + src.webhook_path + "\""), std::string::npos);
  EXPECT_NE(r->body.find("<h1>Contact &lt;us&gt;</h1>"), std::string::npos);
  EXPECT_NE(r->body.find("name=\"website\""), std::string::npos);
}

TEST_F(Form, InactiveOrUnknownFormIs404LikeEverythingUnknown)
{
  auto src = create_source(daemon, "paused", "webform", {"--inactive"});
  auto jot = create_source(daemon, "not a form", "jotform");
  auto reference = daemon.client()->Post("/webhook/inbound/default/webform/nope", "{}", "application/json");
  ASSERT_TRUE(reference);
  for (const auto& path :
       {src.form_path, "/forms/default/" + jot.token, "/forms/other/" + src.token, std::string("/forms/default")}) {
    SCOPED_TRACE(path);
    auto r = daemon.client()->Get(path.c_str(), k_browser);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    EXPECT_EQ(r->body, reference->body);
  }
}

TEST_F(Form, BrowserPostGetsTheThankYouPage)
{
  auto src = create_source(daemon, "Quote request", "webform");
  auto r = daemon.client()->Post(src.webhook_path.c_str(), k_browser,
                                 "first_name=Dana&last_name=Scully&email=dana%40example.com&phone=555&message=Hi"
                                 "&website=",
                                 "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r->body.find("<h1>Thank you</h1>"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("Quote request"), std::string::npos);
  EXPECT_NE(r->body.find("href=\"" + src.form_path + "\""), std::string::npos);
  EXPECT_EQ(query_int(daemon.db_path(),
                      "SELECT count(*) FROM leads WHERE email = 'dana@example.com' AND first_name = 'Dana' AND "
                      "last_name = 'Scully' AND notes = 'Hi'"),
            1);
}

TEST_F(Form, BrowserPostThatFailsGetsAPageWithTheStatus)
{
  auto src = create_source(daemon, "Broken", "webform");
  auto r = daemon.client()->Post(src.webhook_path.c_str(), k_browser,
                                 "first_name=&email=", "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400); // the webform adapter refuses a submission with no values
  EXPECT_NE(r->body.find("<h1>Not sent</h1>"), std::string::npos) << r->body;
}

TEST_F(Form, JsonPostIsAnsweredInJsonEvenFromABrowser)
{
  auto src = create_source(daemon, "Site form", "webform");
  auto r =
      daemon.client()->Post(src.webhook_path.c_str(), k_browser, R"({"email":"js@example.com"})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(r->body)["status"], "accepted");
}

TEST_F(Form, HoneypotDropsTheBotButThanksIt)
{
  auto src = create_source(daemon, "Honeypot", "webform");
  auto r = daemon.client()->Post(src.webhook_path.c_str(), k_browser,
                                 "first_name=Bot&email=bot%40example.com&website=http%3A%2F%2Fspam.example",
                                 "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("<h1>Thank you</h1>"), std::string::npos);
  EXPECT_EQ(leads_with_email("bot@example.com"), 0);
  // Logged as a delivery, all the same.
  EXPECT_EQ(query_int(daemon.db_path(), "SELECT count(*) FROM events WHERE source_id = ?", {std::to_string(src.id)}),
            1);
}

} // namespace
