#include "core/leads/mapping.hpp"
#include "core/util/json_text.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

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

TEST(Mapping, OneNameFollowsTheBestOfAllFourLevels)
{
  static const std::pair<std::string_view, std::string_view> builtin[] = {{"Message", "company"}};
  const sources::Fields fields = {{"message", "hello"}};
  MappingRules all{.custom = {{"MESSAGE", "job_title"}}, .builtin = builtin, .custom_field_keys = {"message"}};
  EXPECT_EQ(map(fields, all).contact.job_title, "hello"); // custom mapping
  MappingRules no_custom = all;
  no_custom.custom.clear();
  EXPECT_EQ(map(fields, no_custom).contact.company, "hello"); // builtin
  MappingRules keys_only = no_custom;
  keys_only.builtin = {};
  EXPECT_EQ(map(fields, keys_only).custom.at("message"), "hello"); // custom field key
  EXPECT_EQ(map(fields, {}).contact.notes, "hello");               // generic name
}

TEST(Mapping, BestLevelWinsATargetWhateverTheArrivalOrder)
{
  static const std::pair<std::string_view, std::string_view> builtin[] = {{"contact", "email"}};
  MappingRules rules;
  rules.custom = {{"reach_me", "email"}, {"q1_spend", "budget"}};
  rules.builtin = builtin;
  rules.custom_field_keys = {"budget"};
  Lead lead = map({{"email", "generic@example.com"},
                   {"contact", "builtin@example.com"},
                   {"budget", "by key"},
                   {"reach_me", "custom@example.com"},
                   {"q1_spend", "by mapping"}},
                  rules);
  EXPECT_EQ(lead.contact.email, "custom@example.com");
  EXPECT_EQ(lead.custom.at("budget"), "by mapping");
  EXPECT_EQ(lead.extra.at("email"), "generic@example.com");
  EXPECT_EQ(lead.extra.at("contact"), "builtin@example.com");
  EXPECT_EQ(lead.extra.at("budget"), "by key");
}

TEST(Mapping, ExactCustomMappingBeatsANormalisedOne)
{
  MappingRules rules;
  rules.custom = {{"Budget", "phone"}, {"budget", "notes"}, {"Email", "gone_field"}, {"email", "company"}};
  Lead exact = map({{"budget", "a"}, {"Email", "b"}}, rules);
  EXPECT_EQ(exact.contact.notes, "a");   // spelt as sent
  EXPECT_EQ(exact.contact.company, "b"); // the exact entry's target does not exist: normalised
  Lead loose = map({{"BUDGET", "a"}, {" budget", "c"}}, rules);
  EXPECT_EQ(loose.contact.phone, "a"); // the first entry, in the mapping's order, that matches
  EXPECT_EQ(loose.extra.at(" budget"), "c");
}

TEST(Mapping, CopiesOfUsedRulesFollowTheirOwnChanges)
{
  MappingRules rules;
  rules.custom = {{"reach_me", "email"}};
  sources::Fields fields = {{"reach_me", "jane@example.com"}, {"spend", "5000"}};
  ASSERT_EQ(map(fields, rules).contact.email, "jane@example.com");

  MappingRules copy = rules;
  copy.custom["reach_me"] = "phone";
  copy.custom_field_keys = {"spend"};
  Lead from_copy = map(fields, copy);
  EXPECT_EQ(from_copy.contact.phone, "jane@example.com");
  EXPECT_EQ(from_copy.custom.at("spend"), "5000");

  MappingRules assigned;
  ASSERT_EQ(map(fields, assigned).extra.size(), 2u);
  assigned = copy;
  assigned.custom["reach_me"] = "notes";
  EXPECT_EQ(map(fields, assigned).contact.notes, "jane@example.com");

  Lead from_original = map(fields, rules); // untouched by its copies
  EXPECT_EQ(from_original.contact.email, "jane@example.com");
  EXPECT_EQ(from_original.extra.at("spend"), "5000");
}

TEST(Mapping, RulesChangedInPlaceAfterUseAreRefused)
{
  MappingRules rules;
  rules.custom = {{"reach_me", "email"}};
  map({{"reach_me", "jane@example.com"}}, rules);
  rules.custom["spend"] = "notes";
  EXPECT_THROW(map({{"reach_me", "jane@example.com"}}, rules), std::runtime_error);
}

TEST(Mapping, ThreadsShareOneRulesObject)
{
  static const std::pair<std::string_view, std::string_view> builtin[] = {{"contact", "phone"}};
  MappingRules rules;
  rules.custom = {{"q1_spend", "budget"}};
  rules.builtin = builtin;
  rules.custom_field_keys = {"budget"};
  const sources::Fields fields = {{"Full Name", "Jane Doe"},
                                  {"E-Mail", "jane@example.com"},
                                  {"contact", "+1 555 0100"},
                                  {"q1_spend", "5000"},
                                  {"x", "1"}};
  const MappingRules& shared = rules; // not used yet: the threads race to build the index
  std::vector<int> failures(8, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < failures.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        Lead lead = map(fields, shared);
        bool ok = lead.contact.first_name == "Jane" && lead.contact.last_name == "Doe" &&
                  lead.contact.email == "jane@example.com" && lead.contact.phone == "+1 555 0100" &&
                  lead.custom.at("budget") == "5000" && lead.extra.at("x") == "1" && lead.extra.size() == 1;
        failures[t] += ok ? 0 : 1;
      }
    });
  for (auto& thread : threads)
    thread.join();
  for (size_t t = 0; t < failures.size(); ++t)
    EXPECT_EQ(failures[t], 0) << "thread " << t;
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

// The delivery path takes the unmapped fields as JSON straight away: exactly what the map holds,
// serialized (names in map order, repeated names joined in arrival order, values trimmed, empty
// ones dropped, escapes and non-ASCII as they are), and everything else mapped the same.
TEST(Mapping, ExtraJsonIsTheExtraMapSerialized)
{
  MappingRules rules{.custom = {{"Team", "company"}}, .builtin = {}, .custom_field_keys = {}};
  const std::vector<sources::Fields> cases = {
      {},
      {{"email", "a@example.com"}},
      {{"zeta", "1"}, {"alpha", " 2 "}, {"Mid", "3"}, {"email", "a@example.com"}, {"empty", "  "}},
      {{"interest", "a"}, {"other", "x"}, {"interest", "b"}, {"Team", "Acme"}, {"interest", " c "}},
      {{"quote\"name", "line\nbreak"}, {"caf\xc3\xa9", "\xe2\x82\xac"}, {"bad\xff", "v\\"}, {"B", "upper"}, {"a", "lower"}},
      {{"dup", "1"}, {"dup", ""}, {"dup", "2"}, {"first_name", "Jane"}, {"full_name", "Jane Roe"}},
  };
  for (const auto& fields : cases) {
    Lead with_map;
    apply_mapping(incoming(fields), rules, with_map);
    Lead with_json;
    std::string json;
    apply_mapping(incoming(fields), rules, with_json, &json);
    EXPECT_EQ(json, util::json_object(with_map.extra));
    EXPECT_TRUE(with_json.extra.empty());
    EXPECT_EQ(with_json.contact.first_name, with_map.contact.first_name);
    EXPECT_EQ(with_json.contact.last_name, with_map.contact.last_name);
    EXPECT_EQ(with_json.contact.email, with_map.contact.email);
    EXPECT_EQ(with_json.contact.company, with_map.contact.company);
    EXPECT_EQ(with_json.custom, with_map.custom);
  }
}
