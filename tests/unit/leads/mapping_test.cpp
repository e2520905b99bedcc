#include "core/leads/mapping.hpp"

#include <gtest/gtest.h>

using namespace leadhub;
using namespace leadhub::leads;

namespace {

sources::IncomingLead incoming(sources::Fields fields) { return {.external_id = "", .fields = std::move(fields)}; }

Lead map(const sources::Fields& fields, const MappingRules& rules = {})
{
  Lead lead;
  apply_mapping(incoming(fields), rules, lead);
  return lead;
}

} // namespace

TEST(Mapping, GenericNamesFillContactFields)
{
  Lead lead = map({{"E-Mail", " jane@example.com "},
                   {"Phone Number", " +1 (555) 0100 "},
                   {"FirstName", "Jane"},
                   {"surname", "Doe"},
                   {"company_name", "Acme"},
                   {"Job-Title", "CTO"},
                   {"City", "Lyon"},
                   {"country", "FR"},
                   {"message", "Call me"}});
  EXPECT_EQ(lead.contact.email, "jane@example.com");
  EXPECT_EQ(lead.contact.phone, "+1 (555) 0100");
  EXPECT_EQ(lead.contact.first_name, "Jane");
  EXPECT_EQ(lead.contact.last_name, "Doe");
  EXPECT_EQ(lead.contact.company, "Acme");
  EXPECT_EQ(lead.contact.job_title, "CTO");
  EXPECT_EQ(lead.contact.city, "Lyon");
  EXPECT_EQ(lead.contact.country, "FR");
  EXPECT_EQ(lead.contact.notes, "Call me");
  EXPECT_TRUE(lead.extra.empty());
}

TEST(Mapping, FullNameSplitsIntoFirstAndLast)
{
  Lead lead = map({{"name", "Mary Ann O'Neill"}});
  EXPECT_EQ(lead.contact.first_name, "Mary Ann");
  EXPECT_EQ(lead.contact.last_name, "O'Neill");
  EXPECT_TRUE(lead.extra.empty());
}

TEST(Mapping, SeparateFirstAndLastWinOverASplitFullName)
{
  Lead lead = map({{"full_name", "Jane Q Public"}, {"first_name", "Janet"}, {"last_name", "Publique"}});
  EXPECT_EQ(lead.contact.first_name, "Janet");
  EXPECT_EQ(lead.contact.last_name, "Publique");
  EXPECT_EQ(lead.extra.at("full_name"), "Jane Q Public"); // unused, so kept
}

TEST(Mapping, FullNameFillsOnlyTheHalfThatIsMissing)
{
  Lead lead = map({{"first_name", "Janet"}, {"name", "Jane Doe"}});
  EXPECT_EQ(lead.contact.first_name, "Janet");
  EXPECT_EQ(lead.contact.last_name, "Doe");
}

TEST(Mapping, CustomMappingBeatsBuiltinBeatsGeneric)
{
  static const std::pair<std::string_view, std::string_view> builtin[] = {{"contact", "email"}, {"work", "phone"}};
  MappingRules rules;
  rules.builtin = builtin;
  rules.custom = {{"contact", "notes"}};
  Lead lead = map({{"email", "generic@example.com"},
                   {"contact", "free text"},
                   {"work", "+44 20 7946 0000"},
                   {"phone", "+1 555 0100"}},
                  rules);
  EXPECT_EQ(lead.contact.notes, "free text");           // custom mapping over builtin
  EXPECT_EQ(lead.contact.email, "generic@example.com"); // builtin target no longer claimed
  EXPECT_EQ(lead.contact.phone, "+44 20 7946 0000");    // builtin over generic
  EXPECT_EQ(lead.extra.at("phone"), "+1 555 0100");     // the loser is kept
}

TEST(Mapping, IncomingNamesMatchLoosely)
{
  MappingRules rules;
  rules.custom = {{"Preferred Contact", "phone"}};
  Lead lead = map({{"preferred_contact", "+1 555 0199"}}, rules);
  EXPECT_EQ(lead.contact.phone, "+1 555 0199");
}

TEST(Mapping, EmptyValuesNeitherWinNorGoToExtra)
{
  Lead lead = map({{"email", "  "}, {"e-mail", "jane@example.com"}, {"fax", ""}});
  EXPECT_EQ(lead.contact.email, "jane@example.com");
  EXPECT_TRUE(lead.extra.empty());
}

TEST(Mapping, FirstFieldWinsAmongEqualRank)
{
  Lead lead = map({{"email", "first@example.com"}, {"email_address", "second@example.com"}});
  EXPECT_EQ(lead.contact.email, "first@example.com");
  EXPECT_EQ(lead.extra.at("email_address"), "second@example.com");
}

TEST(Mapping, CustomFieldKeyFillsCustomWithoutAMapping)
{
  MappingRules rules;
  rules.custom_field_keys = {"budget", "message"};
  Lead lead = map({{"budget", "5000"}, {"message", "hello"}}, rules);
  EXPECT_EQ(lead.custom.at("budget"), "5000");
  EXPECT_EQ(lead.custom.at("message"), "hello"); // the tenant's own field beats generic `message`
  EXPECT_TRUE(lead.contact.notes.empty());
}

TEST(Mapping, CustomMappingCanTargetACustomFieldOrFullName)
{
  MappingRules rules;
  rules.custom_field_keys = {"budget"};
  rules.custom = {{"q1_spend", "budget"}, {"who", "full_name"}};
  Lead lead = map({{"q1_spend", "5000"}, {"who", "Doe, Jane"}}, rules);
  EXPECT_EQ(lead.custom.at("budget"), "5000");
  EXPECT_EQ(lead.contact.first_name, "Jane");
  EXPECT_EQ(lead.contact.last_name, "Doe");
}

TEST(Mapping, MappingToADeletedCustomFieldFallsThrough)
{
  MappingRules rules;
  rules.custom = {{"email", "gone_field"}};
  Lead lead = map({{"email", "jane@example.com"}}, rules);
  EXPECT_EQ(lead.contact.email, "jane@example.com");
  EXPECT_TRUE(lead.custom.empty());
}

TEST(Mapping, UnmappedFieldsGoToExtraAndRepeatsJoin)
{
  Lead lead =
      map({{"email", "jane@example.com"}, {"utm_source", "newsletter"}, {"interest", "pricing"}, {"interest", "demo"}});
  EXPECT_EQ(lead.extra.at("utm_source"), "newsletter");
  EXPECT_EQ(lead.extra.at("interest"), "pricing, demo");
}

TEST(Mapping, IsDeterministic)
{
  sources::Fields fields = {{"name", "Jane Doe"}, {"mail", "a@example.com"}, {"x", "1"}, {"email", "b@example.com"}};
  Lead a = map(fields), b = map(fields);
  EXPECT_EQ(a.contact.first_name, b.contact.first_name);
  EXPECT_EQ(a.contact.email, "a@example.com");
  EXPECT_EQ(a.contact.email, b.contact.email);
  EXPECT_EQ(a.extra, b.extra);
}

TEST(ValidateTarget, AcceptsContactFieldsFullNameAndCustomKeys)
{
  for (auto field : k_contact_fields)
    EXPECT_TRUE(validate_target(field, {})) << field;
  EXPECT_TRUE(validate_target("full_name", {}));
  EXPECT_TRUE(validate_target("budget", {"budget"}));
}

TEST(ValidateTarget, RefusesUnknownTargets)
{
  auto result = validate_target("budget", {});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::usage);
  EXPECT_NE(result.error().message.find("'budget'"), std::string::npos);
  EXPECT_FALSE(validate_target("First_Name", {}));
  EXPECT_FALSE(validate_target("", {}));
}
