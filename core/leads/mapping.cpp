#include "core/leads/mapping.hpp"

#include "core/leads/names.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace leadhub::leads {

namespace {

// Lower rank wins: the connection's mapping, the platform's, a custom field key, generic names.
enum class Rank { custom_mapping, builtin, custom_field, generic };

// Names that forms, form builders and CRMs commonly give each target, normalised (see normalise()).
constexpr std::pair<std::string_view, std::string_view> k_generic_names[] = {
    {"email", "email e_mail email_address e_mail_address emailaddress mail your_email work_email"},
    {"phone", "phone phone_number phonenumber tel telephone mobile mobile_phone mobile_number cell cellphone "
              "your_phone work_phone"},
    {"first_name", "first_name firstname given_name givenname fname forename"},
    {"last_name", "last_name lastname surname family_name familyname lname"},
    {k_full_name_target, "full_name fullname name your_name contact_name"},
    {"company", "company company_name companyname organization organisation business_name"},
    {"job_title", "job_title jobtitle title position"},
    {"city", "city town"},
    {"country", "country"},
    {"notes", "notes note message your_message comments comment enquiry inquiry"},
};

// Incoming names compare case-insensitively, with '-', ' ' and '_' alike.
std::string normalise(std::string_view name)
{
  std::string out = util::to_lower(util::trim(name));
  for (auto& c : out)
    if (c == '-' || c == ' ')
      c = '_';
  return out;
}

// Whether `name`, normalised, equals the already normalised `key` (without allocating: this runs
// for every incoming field against every mapping entry, on every delivery).
bool same_name(std::string_view name, std::string_view key)
{
  name = util::trim(name);
  if (name.size() != key.size())
    return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
    if (c == '-' || c == ' ')
      c = '_';
    if (c != key[i])
      return false;
  }
  return true;
}

// Whether `key` is one of the space-separated `names`.
bool is_listed(std::string_view key, std::string_view names)
{
  for (size_t start = 0; start < names.size();) {
    size_t end = std::min(names.find(' ', start), names.size());
    if (names.substr(start, end - start) == key)
      return true;
    start = end + 1;
  }
  return false;
}

bool is_contact_field(std::string_view target)
{
  return std::find(k_contact_fields.begin(), k_contact_fields.end(), target) != k_contact_fields.end();
}

bool is_target(std::string_view target, const std::set<std::string>& custom_field_keys)
{
  return is_contact_field(target) || target == k_full_name_target || custom_field_keys.count(std::string(target)) > 0;
}

struct Target {
  std::string name;
  Rank rank;
};

std::optional<Target> custom_mapping_target(std::string_view incoming, const std::string& key,
                                            const MappingRules& rules)
{
  auto exact = rules.custom.find(std::string(incoming));
  if (exact != rules.custom.end() && is_target(exact->second, rules.custom_field_keys))
    return Target{exact->second, Rank::custom_mapping};
  for (const auto& [from, to] : rules.custom)
    if (same_name(from, key) && is_target(to, rules.custom_field_keys))
      return Target{to, Rank::custom_mapping};
  return std::nullopt;
}

// Where the incoming field `incoming` goes, by the order of precedence of DESIGN.md.
std::optional<Target> target_for(std::string_view incoming, const MappingRules& rules)
{
  std::string key = normalise(incoming);
  if (auto custom = custom_mapping_target(incoming, key, rules))
    return custom;
  for (const auto& [from, to] : rules.builtin)
    if (same_name(from, key) && is_target(to, rules.custom_field_keys))
      return Target{std::string(to), Rank::builtin};
  for (const auto& field_key : rules.custom_field_keys)
    if (field_key == incoming || same_name(field_key, key))
      return Target{field_key, Rank::custom_field};
  for (const auto& [target, names] : k_generic_names)
    if (is_listed(key, names))
      return Target{std::string(target), Rank::generic};
  return std::nullopt;
}

struct Winner {
  size_t index;
  Rank rank;
};

// For each target, the field that fills it: the best rank, then the first in arrival order.
std::map<std::string, Winner> choose_winners(const sources::Fields& fields, const MappingRules& rules)
{
  std::map<std::string, Winner> winners;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (util::trim(fields[i].second).empty())
      continue;
    auto target = target_for(fields[i].first, rules);
    if (!target)
      continue;
    auto it = winners.find(target->name);
    if (it == winners.end())
      winners.emplace(target->name, Winner{i, target->rank});
    else if (target->rank < it->second.rank)
      it->second = Winner{i, target->rank};
  }
  return winners;
}

// Fills first and last name from the full name where no separate field gave them; whether it did.
bool apply_full_name(std::string_view full, Contact& contact, bool has_first, bool has_last)
{
  auto [first, last] = split_full_name(full);
  bool used = false;
  if (!has_first && !first.empty()) {
    contact.first_name = first;
    used = true;
  }
  if (!has_last && !last.empty()) {
    contact.last_name = last;
    used = true;
  }
  return used;
}

} // namespace

void apply_mapping(const sources::IncomingLead& incoming, const MappingRules& rules, Lead& lead)
{
  const auto& fields = incoming.fields;
  auto winners = choose_winners(fields, rules);
  std::vector<bool> used(fields.size(), false);
  for (const auto& [target, winner] : winners) {
    std::string value(util::trim(fields[winner.index].second));
    if (target == k_full_name_target) {
      used[winner.index] =
          apply_full_name(value, lead.contact, winners.count("first_name") > 0, winners.count("last_name") > 0);
    } else if (auto* field = lead.contact.field(target)) {
      *field = value;
      used[winner.index] = true;
    } else {
      lead.custom[target] = value;
      used[winner.index] = true;
    }
  }
  // Unused fields with a value are kept; a name sent twice (checkboxes) keeps both values.
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string value(util::trim(fields[i].second));
    if (used[i] || value.empty())
      continue;
    auto [it, inserted] = lead.extra.emplace(fields[i].first, value);
    if (!inserted)
      it->second += ", " + value;
  }
}

Result<void> validate_target(std::string_view target, const std::set<std::string>& custom_field_keys)
{
  if (is_target(target, custom_field_keys))
    return {};
  std::string known;
  for (auto field : k_contact_fields)
    known += std::string(field) + ", ";
  return fail(Errc::usage, "lead field '" + std::string(target) + "' does not exist",
              "use one of " + known + std::string(k_full_name_target) +
                  " or a custom field key (see 'leadhubctl field list')");
}

} // namespace leadhub::leads
