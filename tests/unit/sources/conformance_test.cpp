// One suite run against every platform in the registry: a platform cannot land half-done.
// A platform with a `verify` function brings tests/fixtures/<slug>/signed.json and signed.body:
//   {"content_type": "...", "headers": {...}, "credentials": {...}, "now_unix": 0, "signs_body": true}
// where the headers and credentials (made up for the test) make the body verify.
#include "core/leads/mapping.hpp"
#include "core/sources/common/generic.hpp"
#include "core/sources/common/json_fields.hpp"
#include "core/sources/source.hpp"
#include "core/util/strings.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/sources/post.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace leadhub;
using namespace leadhub::sources;
using leadhub::test::post;

namespace {

Delivery sample(const SourceSpec& spec) { return post(spec.sample_content_type, std::string(spec.sample_body)); }

leads::Lead map(const SourceSpec& spec, const IncomingLead& incoming)
{
  leads::Lead lead;
  leads::apply_mapping(incoming, {.custom = {}, .builtin = spec.builtin_mapping, .custom_field_keys = {}}, lead);
  return lead;
}

std::vector<std::string> garbage_bodies()
{
  std::string deep_object;
  for (int i = 0; i < 50000; ++i)
    deep_object += "{\"a\":";
  return {"{", std::string("\x00\xff", 2), "", std::string(100000, '[') + std::string(100000, ']'), deep_object};
}

struct SignedFixture {
  Delivery delivery;
  Credentials credentials;
  VerifyOptions options;
  bool signs_body = true;
};

std::optional<SignedFixture> signed_fixture(const SourceSpec& spec)
{
  std::string dir = std::string(LEADHUB_FIXTURES_DIR) + "/" + std::string(spec.slug);
  if (!std::filesystem::exists(dir + "/signed.json"))
    return std::nullopt;
  auto meta = common::Json::parse(test::read_file(dir + "/signed.json"));
  SignedFixture fixture{.delivery =
                            post(meta.at("content_type").get<std::string>(), test::read_file(dir + "/signed.body")),
                        .credentials = {},
                        .options = {.now_unix = meta.value("now_unix", int64_t{0}), .max_age_seconds = 300},
                        .signs_body = meta.value("signs_body", true)};
  for (const auto& [name, value] : meta.at("headers").items())
    fixture.delivery.headers.emplace(util::to_lower(name), value.get<std::string>());
  for (const auto& [name, value] : meta.at("credentials").items())
    fixture.credentials.emplace(name, value.get<std::string>());
  return fixture;
}

} // namespace

class Conformance : public testing::TestWithParam<const SourceSpec*> {
protected:
  const SourceSpec& spec() const { return *GetParam(); }
};

TEST_P(Conformance, SampleGivesLeadsWithANameOrEmail)
{
  ASSERT_NE(spec().parse, nullptr);
  auto parsed = spec().parse(sample(spec()));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_TRUE(parsed->ignored_reason.empty()) << parsed->ignored_reason;
  ASSERT_FALSE(parsed->leads.empty() && parsed->fetch_ids.empty());
  for (const auto& incoming : parsed->leads) {
    leads::Lead lead = map(spec(), incoming);
    EXPECT_FALSE(lead.contact.first_name.empty() && lead.contact.last_name.empty() && lead.contact.email.empty());
  }
}

TEST_P(Conformance, ParsingIsDeterministic)
{
  auto first = spec().parse(sample(spec()));
  auto second = spec().parse(sample(spec()));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->fetch_ids, second->fetch_ids);
  ASSERT_EQ(first->leads.size(), second->leads.size());
  for (size_t i = 0; i < first->leads.size(); ++i) {
    EXPECT_EQ(first->leads[i].external_id, second->leads[i].external_id);
    EXPECT_EQ(first->leads[i].fields, second->leads[i].fields);
    EXPECT_EQ(map(spec(), first->leads[i]).extra, map(spec(), second->leads[i]).extra);
  }
}

TEST_P(Conformance, GarbageIsAnErrorNotACrash)
{
  for (std::string_view type :
       {spec().sample_content_type, std::string_view("application/json"),
        std::string_view("application/x-www-form-urlencoded"), std::string_view("multipart/form-data; boundary=xyz")}) {
    for (const auto& body : garbage_bodies()) {
      auto parsed = spec().parse(post(type, body));
      ASSERT_FALSE(parsed) << type << " body of " << body.size() << " bytes: " << body.substr(0, 20);
      EXPECT_EQ(parsed.error().code, Errc::invalid);
      EXPECT_FALSE(parsed.error().message.empty());
    }
  }
}

TEST_P(Conformance, TamperedBodyOrWrongSecretFailsVerify)
{
  if (spec().signing_key.empty()) {
    EXPECT_EQ(spec().verify, nullptr) << "verify runs only when the signing key is set";
    return; // the URL token alone admits a delivery
  }
  if (spec().verify == nullptr) {
    // A platform whose adapter has not landed yet still runs on the generic parser, and the
    // ingestor admits it by URL token alone (source show says so). An adapter with a parser of its
    // own must bring its verifier too: a new platform cannot land half-done.
    EXPECT_EQ(spec().parse, &common::parse_generic)
        << spec().slug << " has its own parser but no verifier for '" << spec().signing_key << "'";
    return;
  }
  auto fixture = signed_fixture(spec());
  ASSERT_TRUE(fixture) << "add tests/fixtures/" << spec().slug << "/signed.json and signed.body";
  EXPECT_TRUE(spec().verify(fixture->delivery, fixture->credentials, fixture->options));

  Credentials wrong = fixture->credentials;
  wrong[std::string(spec().signing_key)] += "x";
  EXPECT_FALSE(spec().verify(fixture->delivery, wrong, fixture->options));

  if (fixture->signs_body) {
    Delivery tampered = fixture->delivery;
    tampered.body[tampered.body.size() / 2] ^= 1;
    EXPECT_FALSE(spec().verify(tampered, fixture->credentials, fixture->options));
    Delivery unsigned_delivery = fixture->delivery;
    unsigned_delivery.headers.clear();
    EXPECT_FALSE(spec().verify(unsigned_delivery, fixture->credentials, fixture->options));
  }
}

TEST_P(Conformance, BareGetIsNotAHandshake)
{
  if (spec().handshake == nullptr)
    return;
  Delivery get;
  get.method = "GET";
  EXPECT_FALSE(spec().handshake(get, {}).has_value());
  get.query = {{"hub.challenge", std::string("\x00\xff", 2)}, {"crc_token", ""}, {"challengeCode", "{"}};
  auto reply = spec().handshake(get, {}); // no credentials: nothing can be answered as verified
  EXPECT_TRUE(!reply || reply->status != 200);
}

INSTANTIATE_TEST_SUITE_P(AllSources, Conformance, testing::ValuesIn(all_sources().begin(), all_sources().end()),
                         [](const testing::TestParamInfo<const SourceSpec*>& info) {
                           return std::string(info.param->slug);
                         });
