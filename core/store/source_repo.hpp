// Source connections: create, find, edit, activate, delete, rotate tokens; credentials; mappings.
#pragma once

#include "core/store/store.hpp"
#include "core/store/types.hpp"
#include "core/util/result.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leadhub::store {

struct SourceFilter {
  std::optional<std::string> type;
  std::optional<bool> active;
};

struct NewSource {
  std::string name, type;
  bool active = true;
  std::optional<std::string> pipeline, stage; // names; stage defaults to the pipeline's first
};

struct SourceEdit {
  std::optional<std::string> name;
  std::optional<std::string> pipeline, stage;
  bool clear_pipeline = false;
};

class SourceRepo {
public:
  SourceRepo(Store& store, std::string tenant) : m_store(store), m_tenant(std::move(tenant)) {}

  // The new source with a fresh 48-character token; conflict when the name is taken,
  // not_found for an unknown pipeline or stage, usage for an unknown type.
  Result<Source> create(const NewSource& spec);
  // By numeric id or exact name; not_found otherwise.
  Result<Source> find(const std::string& id_or_name);
  std::vector<Source> list(const SourceFilter& filter = {});
  // Calls `fn` for each source `list` would return, in the same order, holding one at a time.
  void for_each(const SourceFilter& filter, const std::function<void(const Source&)>& fn);
  Result<Source> edit(const std::string& id_or_name, const SourceEdit& edit);
  Result<Source> set_active(const std::string& id_or_name, bool active);
  // Deletes the connection, its credentials and mappings; its leads stay.
  Result<void> remove(const std::string& id_or_name);
  // A new token; the old one stops working at once.
  Result<Source> rotate_token(const std::string& id_or_name);

  Result<void> set_credential(int64_t source_id, const std::string& key, const std::string& value);
  Result<void> unset_credential(int64_t source_id, const std::string& key);
  std::vector<CredentialInfo> list_credentials(int64_t source_id);
  // Every credential of the source, unsealed.
  std::map<std::string, std::string> credentials(int64_t source_id);

  Result<void> set_mapping(int64_t source_id, const std::string& incoming, const std::string& target);
  Result<void> unset_mapping(int64_t source_id, const std::string& incoming);
  std::vector<FieldMapping> mappings(int64_t source_id);

private:
  Store& m_store;
  std::string m_tenant;
};

// Ok when `key` is one of the credential keys of source type `type`; usage (naming the keys) otherwise.
Result<void> check_credential_key(const std::string& type, const std::string& key);

// Looks a webhook up by tenant, type and token: the hash finds the row, a constant-time compare of
// the unsealed token confirms it; nullopt for any mismatch (the caller answers one 404 for all).
// For speed on the delivery path, `leads` and `last_lead_at` are left unset (0 and null).
std::optional<Source> find_source_by_token(Store& store, const std::string& tenant, const std::string& type,
                                           const std::string& token);

} // namespace leadhub::store
