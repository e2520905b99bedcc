// Domain types the store's repositories return; no statement or column index leaves core/store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace leadhub::store {

struct Tenant {
  std::string id, name, created_at;
};

struct Stage {
  int64_t id = 0;
  int position = 0;
  std::string name;
  std::string outcome; // open | won | lost
};

struct Pipeline {
  int64_t id = 0;
  std::string tenant, name, created_at;
  std::vector<Stage> stages; // ordered by position
};

struct CustomField {
  int64_t id = 0;
  std::string key, label, type, created_at; // type: text | number | date | bool
};

struct Source {
  int64_t id = 0;
  std::string tenant, name, type;
  bool active = true;
  std::string token; // the plaintext webhook token (unsealed), never logged
  std::optional<int64_t> pipeline_id, stage_id;
  std::optional<std::string> pipeline, stage; // names
  std::optional<std::string> oauth_status;     // null unless the type's auth is oauth
  int64_t leads = 0;
  std::optional<std::string> last_lead_at;
  std::string created_at, updated_at;
};

struct CredentialInfo {
  std::string key, set_at; // never the value
};

struct FieldMapping {
  std::string incoming, target;
};

} // namespace leadhub::store
