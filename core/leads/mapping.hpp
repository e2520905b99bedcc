// Field mapping: incoming platform fields -> lead fields (custom mapping, built-in, generic names).
#pragma once

#include "core/leads/lead.hpp"
#include "core/sources/source.hpp"
#include "core/util/result.hpp"

#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace leadhub::leads {

// A mapping target that is not a contact field but splits into first and last name.
inline constexpr std::string_view k_full_name_target = "full_name";

struct MappingRules {
  std::map<std::string, std::string> custom;        // the connection's `map set` entries
  std::span<const std::pair<std::string_view, std::string_view>> builtin; // the platform's
  std::set<std::string> custom_field_keys;          // the tenant's `field create` keys
};

// Fills the contact fields, `custom` and `extra` of `lead` from `incoming`.
void apply_mapping(const sources::IncomingLead& incoming, const MappingRules& rules, Lead& lead);

// Ok when `target` is a contact field, `full_name`, or one of `custom_field_keys`.
Result<void> validate_target(std::string_view target, const std::set<std::string>& custom_field_keys);

} // namespace leadhub::leads
