#include "core/leads/mapping.hpp"
#include "core/sources/source.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/sources/post.hpp"

#include <gtest/gtest.h>

using namespace leadhub;
using namespace leadhub::sources;

namespace {

// Made up for the tests, as in tests/fixtures/typeform/signed.json.
const std::string k_secret = "test-only-typeform-secret";
const std::string k_signature = "sha256=a0vXahZcd7cDBR8qHMy458ZZhk852m99yUYmQmtq+ng=";

const SourceSpec& spec()
{
  return *find_source("typeform");
}

std::string fixture(const std::string& file)
{
  return test::read_file(std::string(LEADHUB_FIXTURES_DIR) + "/typeform/" + file);
}

Result<Parsed> parse(std::string body)
{
  return spec().parse(test::post("application/json", std::move(body)));
}

leads::Lead map(const IncomingLead& incoming)
{
  leads::Lead lead;
  leads::apply_mapping(incoming, {.custom = {}, .builtin = spec().builtin_mapping, .custom_field_keys = {}}, lead);
  return lead;
}

Delivery signed_delivery(const std::string& signature)
{
  Delivery delivery = test::post("application/json", fixture("signed.body"));
  if (!signature.empty())
    delivery.headers.emplace("typeform-signature", signature);
  return delivery;
}

Result<void> verify(const Delivery& delivery, const std::string& secret = k_secret)
{
  return spec().verify(delivery, {{"signing_secret", secret}}, {});
}

} // namespace

TEST(Typeform, FormResponseGivesOneLeadWithContactAndHiddenFields)
{
  auto parsed = parse(fixture("form_response.json"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_TRUE(parsed->ignored_reason.empty());
  ASSERT_EQ(parsed->leads.size(), 1u);
  leads::Lead lead = map(parsed->leads[0]);
  EXPECT_EQ(lead.contact.first_name, "Mary Ann");
  EXPECT_EQ(lead.contact.last_name, "O'Neill");
  EXPECT_EQ(lead.contact.email, "mary.oneill@example.org");
  EXPECT_EQ(lead.contact.phone, "+35315550142");
  EXPECT_EQ(lead.extra.at("team_size"), "25");
  EXPECT_EQ(lead.extra.at("products"), "CRM, Reporting, API access");
  EXPECT_EQ(lead.extra.at("how_did_you_hear"), "A podcast");
  EXPECT_EQ(lead.extra.at("consent"), "true");
  EXPECT_EQ(lead.extra.at("demo_date"), "2026-12-03");
  EXPECT_EQ(lead.extra.at("kP0jQo"), "https://brightwater.example"); // no ref: the field id
  EXPECT_EQ(lead.extra.at("hidden.utm_source"), "google");
  EXPECT_EQ(lead.extra.at("hidden.utm_campaign"), "q4_demo");
}

TEST(Typeform, ExternalIdIsFormIdAndToken)
{
  auto parsed = parse(fixture("form_response.json"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->leads[0].external_id, "qR7tK2:f0c5a1b9e2d84c7aa6b3e1d9c8f7a650");
}

TEST(Typeform, FirstEmailAndPhoneAnswersAreNamedForTheMapping)
{
  auto parsed = parse(R"({"event_type":"form_response","form_response":{"form_id":"f","token":"t","answers":[
    {"type":"email","email":"a@example.com","field":{"id":"x1","type":"email","ref":"x1ref"}},
    {"type":"email","email":"b@example.com","field":{"id":"x2","type":"email","ref":"other_mail"}},
    {"type":"phone_number","phone_number":"+15550100","field":{"id":"x3","type":"phone_number","ref":"zz"}}]}})");
  ASSERT_TRUE(parsed) << parsed.error().message;
  Fields expected = {{"email", "a@example.com"}, {"other_mail", "b@example.com"}, {"phone", "+15550100"}};
  EXPECT_EQ(parsed->leads[0].fields, expected);
}

TEST(Typeform, OtherEventTypesAreIgnored)
{
  auto parsed = parse(R"({"event_type":"form_response_partial","form_response":{"answers":[]}})");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_TRUE(parsed->leads.empty());
  EXPECT_EQ(parsed->ignored_reason, "event type form_response_partial");
}

TEST(Typeform, MalformedDeliveriesAreInvalid)
{
  for (std::string body : {std::string("{"), std::string("[]"), std::string(R"({"event_type":"form_response"})"),
                           std::string(R"({"event_type":"form_response","form_response":{"form_id":"f"}})"),
                           std::string(R"({"event_type":"form_response","form_response":{"answers":{}}})"),
                           std::string(R"({"event_type":"form_response","form_response":{"answers":[1]}})"),
                           std::string(R"({"event_type":"form_response","form_response":{"answers":[]}})")}) {
    auto parsed = parse(body);
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().code, Errc::invalid);
    EXPECT_FALSE(parsed.error().message.empty());
  }
}

TEST(Typeform, SignatureVerifies)
{
  EXPECT_TRUE(verify(signed_delivery(k_signature)));
  // The `sha256=` prefix is optional on the wire.
  EXPECT_TRUE(verify(signed_delivery(k_signature.substr(7))));
}

TEST(Typeform, TamperedWrongSecretOrMissingSignatureFails)
{
  Delivery tampered = signed_delivery(k_signature);
  tampered.body.replace(tampered.body.find("Mary Ann"), 8, "Mary Anne");
  auto r = verify(tampered);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::unauthorized);
  EXPECT_FALSE(verify(signed_delivery(k_signature), "another-test-secret"));
  EXPECT_FALSE(verify(signed_delivery("")));
  EXPECT_FALSE(verify(signed_delivery("sha256=")));
  EXPECT_FALSE(verify(signed_delivery("sha1=" + k_signature.substr(7))));
  EXPECT_FALSE(verify(signed_delivery(k_signature), ""));
}
