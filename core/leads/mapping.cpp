#include "core/leads/mapping.hpp"

#include "core/leads/names.hpp"
#include "core/util/json_text.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace leadhub::leads {

namespace {

// Lower rank wins: the connection's mapping, the platform's, a custom field key, generic names.
enum class Rank { custom_mapping, builtin, custom_field, generic };

// Names that forms, form builders and CRMs commonly give each target, normalised (see NormalName).
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
char normal_char(char c)
{
  c = util::ascii_lower(c);
  return c == '-' || c == ' ' ? '_' : c;
}

// `name` trimmed and normalised (see normal_char()); on the stack when short, as it is made for every
// incoming field of every delivery.
class NormalName {
public:
  explicit NormalName(std::string_view name)
  {
    name = util::trim(name);
    char* out = m_buffer.data();
    if (name.size() > m_buffer.size()) {
      m_long.resize(name.size());
      out = m_long.data();
    }
    std::transform(name.begin(), name.end(), out, normal_char);
    m_view = {out, name.size()};
  }
  NormalName(const NormalName&) = delete;
  NormalName& operator=(const NormalName&) = delete;

  std::string_view view() const { return m_view; }

private:
  std::array<char, 64> m_buffer;
  std::string m_long;
  std::string_view m_view;
};

bool is_contact_field(std::string_view target)
{
  return std::find(k_contact_fields.begin(), k_contact_fields.end(), target) != k_contact_fields.end();
}

bool is_target(std::string_view target, const std::set<std::string>& custom_field_keys)
{
  return is_contact_field(target) || target == k_full_name_target || custom_field_keys.count(std::string(target)) > 0;
}

// Targets are numbered: the contact fields in the order of k_contact_fields, full_name, then the
// custom field keys the rules can reach.
constexpr size_t k_full_name_id = k_contact_fields.size();
static_assert(k_contact_fields[0] == "first_name" && k_contact_fields[1] == "last_name");

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

template <typename T> using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

// Enough of the rules to notice most changes made after the index was built (see MappingRules).
struct RulesShape {
  size_t custom_size, builtin_size, custom_field_keys_size;
  const void* builtin_data;

  explicit RulesShape(const MappingRules& rules)
      : custom_size(rules.custom.size()), builtin_size(rules.builtin.size()),
        custom_field_keys_size(rules.custom_field_keys.size()), builtin_data(rules.builtin.data())
  {
  }
  bool operator==(const RulesShape&) const = default;
};

struct Match {
  size_t target;
  Rank rank;
  bool exact_differs = false; // some custom mapping entry spelt exactly as sent has another target
};

} // namespace

// Every level of the rules merged into one table, with the order of precedence of DESIGN.md already
// applied: within a level, the first entry (in the rules' order) that matches a name wins.
struct MappingIndex {
  explicit MappingIndex(const MappingRules& rules);

  // Where the incoming field `name` goes, if anywhere.
  std::optional<Match> find(std::string_view name) const;

  std::vector<std::string> targets; // by target id
  StringMap<Match> by_name;         // normalised incoming name -> its best target
  StringMap<size_t> exact;          // custom mapping entries that win only when spelt exactly as sent
  RulesShape shape;                 // of the rules it was built from

private:
  size_t target_id(std::string_view target);
  void add(std::string_view normalised, std::string_view target, Rank rank);
};

MappingIndex::MappingIndex(const MappingRules& rules)
    : targets(k_contact_fields.begin(), k_contact_fields.end()), shape(rules)
{
  targets.emplace_back(k_full_name_target);
  const auto& keys = rules.custom_field_keys;
  for (const auto& [from, to] : rules.custom)
    if (is_target(to, keys))
      add(NormalName(from).view(), to, Rank::custom_mapping);
  for (const auto& [from, to] : rules.builtin)
    if (is_target(to, keys))
      add(NormalName(from).view(), to, Rank::builtin);
  for (const auto& key : keys)
    add(NormalName(key).view(), key, Rank::custom_field);
  for (const auto& [target, names] : k_generic_names)
    for (size_t start = 0; start < names.size();) {
      size_t end = std::min(names.find(' ', start), names.size());
      add(names.substr(start, end - start), target, Rank::generic);
      start = end + 1;
    }
  // A custom mapping entry whose name, as sent, is exact goes before the normalised comparison.
  for (const auto& [from, to] : rules.custom) {
    if (!is_target(to, keys))
      continue;
    auto& match = by_name.find(NormalName(from).view())->second;
    if (targets[match.target] != to) {
      exact.emplace(from, target_id(to));
      match.exact_differs = true;
    }
  }
}

size_t MappingIndex::target_id(std::string_view target)
{
  auto it = std::find(targets.begin(), targets.end(), target);
  if (it != targets.end())
    return static_cast<size_t>(it - targets.begin());
  targets.emplace_back(target);
  return targets.size() - 1;
}

void MappingIndex::add(std::string_view normalised, std::string_view target, Rank rank)
{
  if (by_name.find(normalised) == by_name.end())
    by_name.emplace(normalised, Match{target_id(target), rank});
}

std::optional<Match> MappingIndex::find(std::string_view name) const
{
  auto it = by_name.find(NormalName(name).view());
  if (it == by_name.end())
    return std::nullopt;
  Match match = it->second;
  if (match.exact_differs)
    if (auto exact_it = exact.find(name); exact_it != exact.end())
      match.target = exact_it->second;
  return match;
}

MappingIndexCache::MappingIndexCache(const MappingIndexCache&) noexcept {}

MappingIndexCache& MappingIndexCache::operator=(const MappingIndexCache&) noexcept
{
  delete m_index.exchange(nullptr);
  return *this;
}

MappingIndexCache::~MappingIndexCache()
{
  delete m_index.load();
}

const MappingIndex& MappingIndexCache::get(const MappingRules& rules) const
{
  const MappingIndex* index = m_index.load(std::memory_order_acquire);
  if (!index) {
    auto built = std::make_unique<const MappingIndex>(rules);
    if (m_index.compare_exchange_strong(index, built.get(), std::memory_order_acq_rel))
      index = built.release();
  }
  if (!(index->shape == RulesShape(rules)))
    throw std::runtime_error("mapping rules changed after first use (change a copy instead)");
  return *index;
}

namespace {

struct Winner {
  size_t index = SIZE_MAX; // SIZE_MAX: no field fills the target
  Rank rank = Rank::generic;
};

// For each target id, the field that fills it: the best rank, then the first in arrival order.
void choose_winners(const sources::Fields& fields, const MappingIndex& index, std::span<Winner> winners)
{
  for (size_t i = 0; i < fields.size(); ++i) {
    if (util::trim(fields[i].second).empty())
      continue;
    auto match = index.find(fields[i].first);
    if (!match)
      continue;
    Winner& winner = winners[match->target];
    if (winner.index == SIZE_MAX || match->rank < winner.rank)
      winner = Winner{i, match->rank};
  }
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

// Calls fn(name, value) for each unused field with a value, in std::map order of names; the values
// of a name sent more than once (checkboxes) are joined with ", " in arrival order.
template <class Fn> void for_each_extra(const sources::Fields& fields, const std::vector<bool>& used, Fn&& fn)
{
  std::vector<size_t> kept;
  kept.reserve(fields.size());
  for (size_t i = 0; i < fields.size(); ++i)
    if (!used[i] && !util::trim(fields[i].second).empty())
      kept.push_back(i);
  std::stable_sort(kept.begin(), kept.end(), [&](size_t a, size_t b) { return fields[a].first < fields[b].first; });
  std::string joined;
  for (size_t k = 0; k < kept.size();) {
    const std::string& name = fields[kept[k]].first;
    std::string_view value = util::trim(fields[kept[k]].second);
    size_t next = k + 1;
    if (next < kept.size() && fields[kept[next]].first == name) {
      joined.assign(value);
      for (; next < kept.size() && fields[kept[next]].first == name; ++next)
        joined.append(", ").append(util::trim(fields[kept[next]].second));
      value = joined;
    }
    fn(name, value);
    k = next;
  }
}

} // namespace

void apply_mapping(const sources::IncomingLead& incoming, const MappingRules& rules, Lead& lead,
                   std::string* extra_json)
{
  const MappingIndex& index = rules.index.get(rules);
  const auto& fields = incoming.fields;
  // Most rules reach few custom fields: keep the winners on the stack then.
  std::array<Winner, 32> inline_winners;
  std::vector<Winner> heap_winners;
  std::span<Winner> winners(inline_winners.data(), index.targets.size());
  if (index.targets.size() > inline_winners.size()) {
    heap_winners.resize(index.targets.size());
    winners = heap_winners;
  }
  choose_winners(fields, index, winners);

  std::vector<bool> used(fields.size(), false);
  bool has_first = winners[0].index != SIZE_MAX, has_last = winners[1].index != SIZE_MAX;
  for (size_t id = 0; id < winners.size(); ++id) {
    size_t i = winners[id].index;
    if (i == SIZE_MAX)
      continue;
    std::string_view value = util::trim(fields[i].second);
    if (id == k_full_name_id) {
      used[i] = apply_full_name(value, lead.contact, has_first, has_last);
    } else if (auto* field = lead.contact.field(index.targets[id])) {
      *field = value;
      used[i] = true;
    } else {
      lead.custom[index.targets[id]] = value;
      used[i] = true;
    }
  }
  // Unused fields with a value are kept; a name sent twice (checkboxes) keeps both values.
  if (!extra_json) {
    for_each_extra(fields, used, [&](const std::string& name, std::string_view value) {
      lead.extra.emplace_hint(lead.extra.end(), name, value);
    });
    return;
  }
  auto& out = *extra_json;
  out = "{";
  for_each_extra(fields, used, [&](const std::string& name, std::string_view value) {
    if (out.size() > 1)
      out += ',';
    util::append_json_string(out, name);
    out += ':';
    util::append_json_string(out, value);
  });
  out += '}';
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
