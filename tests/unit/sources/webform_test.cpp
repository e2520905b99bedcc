#include "core/leads/mapping.hpp"
#include "core/sources/source.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/sources/post.hpp"

#include <gtest/gtest.h>

using namespace leadhub;
using namespace leadhub::sources;

namespace {

const std::string k_boundary = "----WebKitFormBoundaryePkpFF7tjBAqx29L";

Delivery fixture_post(const std::string& file, const std::string& content_type_header)
{
  Delivery delivery =
      test::post(content_type_header, test::read_file(std::string(LEADHUB_FIXTURES_DIR) + "/webform/" + file));
  EXPECT_FALSE(delivery.body.empty()) << file;
  return delivery;
}

Result<Parsed> parse(const Delivery& delivery) { return find_source("webform")->parse(delivery); }

leads::Lead map(const IncomingLead& incoming)
{
  leads::Lead lead;
  leads::apply_mapping(
      incoming, {.custom = {}, .builtin = find_source("webform")->builtin_mapping, .custom_field_keys = {}}, lead);
  return lead;
}

} // namespace

class WebformFixture : public testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(WebformFixture, GivesTheSameLeadWhateverTheEncoding)
{
  auto [file, content_type] = GetParam();
  auto parsed = parse(fixture_post(file, content_type));
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->leads.size(), 1u);
  EXPECT_TRUE(parsed->ignored_reason.empty());
  leads::Lead lead = map(parsed->leads[0]);
  EXPECT_EQ(lead.contact.first_name, "Mary Ann");
  EXPECT_EQ(lead.contact.last_name, "O'Neill");
  EXPECT_EQ(lead.contact.email, "mary.oneill@example.org");
  EXPECT_EQ(lead.contact.phone, "+353 1 555 0142");
  EXPECT_EQ(lead.contact.company, "Brightwater Ltd");
  EXPECT_EQ(lead.contact.notes, "Interested in the annual plan.\r\nPlease call after 3pm.");
  EXPECT_EQ(lead.extra.count("website"), 0u);
}

INSTANTIATE_TEST_SUITE_P(Encodings, WebformFixture,
                         testing::Values(std::pair{"submission.json", "application/json"},
                                         std::pair{"submission.urlencoded", "application/x-www-form-urlencoded"},
                                         std::pair{"submission.multipart",
                                                   "multipart/form-data; boundary=" + k_boundary}));

TEST(Webform, SubmissionIdIsTheExternalId)
{
  auto parsed = parse(fixture_post("submission.json", "application/json"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->leads[0].external_id, "4912661846655238145");
  EXPECT_EQ(map(parsed->leads[0]).extra.at("consent"), "true");
  auto unnamed = parse(fixture_post("submission.urlencoded", "application/x-www-form-urlencoded"));
  ASSERT_TRUE(unnamed);
  EXPECT_EQ(unnamed->leads[0].external_id, "");
}

TEST(Webform, FileFieldsKeepTheirNameOnly)
{
  auto parsed = parse(fixture_post("submission.multipart", "multipart/form-data; boundary=" + k_boundary));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(map(parsed->leads[0]).extra.at("brochure"), "requirements.pdf");
}

TEST(Webform, FilledHoneypotIsIgnoredWithoutALead)
{
  auto parsed = parse(fixture_post("honeypot.urlencoded", "application/x-www-form-urlencoded"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_TRUE(parsed->leads.empty());
  EXPECT_EQ(parsed->ignored_reason, "honeypot");
}

TEST(Webform, EmptyFormIsInvalid)
{
  Delivery delivery;
  delivery.content_type = "application/x-www-form-urlencoded";
  for (std::string body : {"", "website=", "first_name=&email=", "submission_id=123"}) {
    delivery.body = body;
    auto parsed = parse(delivery);
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().code, Errc::invalid);
  }
}

TEST(Webform, RefusesOtherContentTypes)
{
  Delivery delivery;
  delivery.content_type = "text/plain";
  delivery.body = "Jane Doe <jane@example.com>";
  auto parsed = parse(delivery);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message, "unsupported content type 'text/plain'");
}
