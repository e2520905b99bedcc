// The Lead model: what one submission becomes, with the field names of DESIGN.md.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace leadhub::leads {

// The built-in contact fields, in display order.
inline constexpr std::array<std::string_view, 9> k_contact_fields = {
    "first_name", "last_name", "email", "phone", "company", "job_title", "city", "country", "notes"};

struct Contact {
  std::string first_name, last_name, email, phone, company, job_title, city, country, notes;

  // The field called `name` (one of k_contact_fields), or nullptr.
  std::string* field(std::string_view name);
  const std::string* field(std::string_view name) const;
};

struct Lead {
  int64_t id = 0;
  std::string tenant;
  std::optional<int64_t> source_id; // empty once the connection is deleted
  std::string source_name;          // snapshot, survives deletion
  std::string source_type;
  std::string external_id;          // empty when the platform gives none
  Contact contact;
  std::map<std::string, std::string> custom; // custom field key -> value
  std::map<std::string, std::string> extra;  // incoming fields nothing mapped
  std::optional<int64_t> pipeline_id, stage_id;
  std::string pipeline, stage, status; // names; status is the stage's outcome
  bool test = false;
  std::string received_at; // ISO 8601 UTC
  std::optional<int64_t> event_id;
};

} // namespace leadhub::leads
