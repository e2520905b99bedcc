// Signed webhooks end to end (Typeform): a real leadhubd, the secret set with leadhubctl on stdin,
// a good signature admitted, a bad one refused with 401 and a rejected_signature event.
#include "core/crypto/crypto.hpp"
#include "tests/support/daemon.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using leadhub::test::create_source;
using leadhub::test::query_int;
using nlohmann::json;

namespace {

// Made up for this test.
const std::string k_secret = "test-only-integration-typeform-secret";

std::string typeform_signature(const std::string& secret, const std::string& body)
{
  return "sha256=" + leadhub::crypto::base64_encode(leadhub::crypto::hmac_sha256(secret, body));
}

std::string response_with_email(const std::string& token, const std::string& email)
{
  return json{
      {"event_id", "evt-" + token},
      {"event_type", "form_response"},
      {"form_response",
       {{"form_id", "sIg9Qa"},
        {"token", token},
        {"answers", json::array({{{"type", "text"}, {"text", "Test"}, {"field", {{"id", "f1"}, {"ref", "first_name"}}}},
                                 {{"type", "email"}, {"email", email}, {"field", {{"id", "f2"}, {"ref", "q7x9"}}}}})}}}}
      .dump();
}

class Signature : public leadhub::test::SharedDaemonTest {
protected:
  httplib::Result post(const std::string& path, const std::string& body, const std::string& signature)
  {
    httplib::Headers headers;
    if (!signature.empty())
      headers.emplace("Typeform-Signature", signature);
    return daemon().client()->Post(path.c_str(), headers, body, "application/json");
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
  void set_secret(const std::string& source)
  {
    auto r = daemon().ctl({"source", "credential", "set", source, "signing_secret"}, k_secret);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST_F(Signature, CorrectlySignedTypeformDeliveryIsAccepted)
{
  auto src = create_source(daemon(), "typeform signed", "typeform");
  set_secret("typeform signed");
  std::string body = response_with_email("tok-good", "signed@example.com");
  auto r = post(src.webhook_path, body, typeform_signature(k_secret, body));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["status"], "accepted");
  EXPECT_EQ(leads_with_email("signed@example.com"), 1);
  EXPECT_EQ(events_of(src.id, "accepted"), 1);
  ASSERT_TRUE(daemon().wait_for_log("webhook.accepted tenant=default type=typeform source=" + std::to_string(src.id) +
                                    " "))
      << daemon().log();
  EXPECT_EQ(daemon().log().find(k_secret), std::string::npos);
}

TEST_F(Signature, BadSignatureIsRejectedWithoutALead)
{
  auto src = create_source(daemon(), "typeform rejects", "typeform");
  set_secret("typeform rejects");
  std::string body = response_with_email("tok-bad", "forged@example.com");
  for (const std::string& signature :
       {typeform_signature("another-test-secret", body), typeform_signature(k_secret, body + " "), std::string()}) {
    auto r = post(src.webhook_path, body, signature);
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_EQ(r->status, 401) << r->body;
  }
  EXPECT_EQ(leads_with_email("forged@example.com"), 0);
  EXPECT_EQ(events_of(src.id, "rejected_signature"), 3);
  auto listed = daemon().ctl({"--json", "events", "list", "--outcome", "rejected_signature"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("rejected_signature"), std::string::npos);
  EXPECT_EQ(listed.out.find(k_secret), std::string::npos);
  EXPECT_EQ(daemon().log().find(k_secret), std::string::npos);
}

TEST_F(Signature, WithoutTheCredentialTheTokenAloneAdmits)
{
  auto src = create_source(daemon(), "typeform unsigned", "typeform");
  std::string body = response_with_email("tok-unsigned", "unsigned@example.com");
  auto r = post(src.webhook_path, body, "");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(leads_with_email("unsigned@example.com"), 1);
  EXPECT_EQ(events_of(src.id, "rejected_signature"), 0);
}

} // namespace
