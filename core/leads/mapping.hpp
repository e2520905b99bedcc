// Field mapping: incoming platform fields -> lead fields (custom mapping, built-in, generic names).
#pragma once

#include "core/leads/lead.hpp"
#include "core/sources/source.hpp"
#include "core/util/result.hpp"

#include <atomic>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace leadhub::leads {

// A mapping target that is not a contact field but splits into first and last name.
inline constexpr std::string_view k_full_name_target = "full_name";

struct MappingRules;
struct MappingIndex;

// The rules' lookup table, built by the first apply_mapping: several threads may share one. A copy
// starts empty, so a copy that is then changed builds its own.
class MappingIndexCache {
public:
  MappingIndexCache() noexcept = default;
  MappingIndexCache(const MappingIndexCache&) noexcept;
  MappingIndexCache& operator=(const MappingIndexCache&) noexcept;
  ~MappingIndexCache();

  // The index of `rules`, built on the first call (concurrent first calls may each build one; one
  // is kept); throws std::runtime_error when `rules` changed size since then.
  const MappingIndex& get(const MappingRules& rules) const;

private:
  mutable std::atomic<const MappingIndex*> m_index = nullptr;
};

// Read-only once apply_mapping has used them: change a copy instead. The index would be stale;
// apply_mapping throws when it notices (an entry added or removed, `builtin` replaced).
struct MappingRules {
  std::map<std::string, std::string> custom;        // the connection's `map set` entries
  std::span<const std::pair<std::string_view, std::string_view>> builtin; // the platform's
  std::set<std::string> custom_field_keys;          // the tenant's `field create` keys
  MappingIndexCache index{};                        // derived from the three above
};

// Fills the contact fields, `custom` and `extra` of `lead` from `incoming`; throws std::runtime_error
// when `rules` were changed in place after an earlier call (see MappingRules). With `extra_json`,
// the unmapped fields go there instead of into `lead.extra`, as the JSON object
// util::json_object(lead.extra) would be (the delivery path stores only that, and building the
// map first cost a node and two strings per field).
void apply_mapping(const sources::IncomingLead& incoming, const MappingRules& rules, Lead& lead,
                   std::string* extra_json = nullptr);

// Ok when `target` is a contact field, `full_name`, or one of `custom_field_keys`.
Result<void> validate_target(std::string_view target, const std::set<std::string>& custom_field_keys);

} // namespace leadhub::leads
