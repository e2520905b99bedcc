// What the delivery path needs of a connection (the source, its mappings and credentials, the
// tenant's custom field keys), cached by token hash and dropped whenever the configuration
// version moves. The version is read at most once per `recheck` interval (a query per delivery
// was a twentieth of the daemon's CPU under load), so an admin's change reaches every delivery
// that arrives more than that interval after it. Under traffic the writer's transactions, which
// read the version anyway, keep it current (observe_version), and deliveries read nothing.
#pragma once

#include "core/leads/mapping.hpp"
#include "core/sources/source.hpp"
#include "core/store/lead_repo.hpp"
#include "core/store/store.hpp"
#include "core/store/types.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

namespace leadhub::ingest {

struct SourceConfig {
  store::Source source;                       // `token` is the plaintext token
  std::string token_hash;                     // SHA-256 of the token
  leads::MappingRules rules;                   // `map set` entries, the platform's, custom field keys
  sources::Credentials credentials;           // unsealed; kept in memory only
  store::Placement placement;                 // where its new leads go
  int64_t config_version = -1;                // the configuration version it was loaded at (-1: unknown)
};

// Reads the mappings, credentials and custom field keys of `source` through `reader`; `version` is
// the configuration version read before `source` was (-1 when unknown).
std::shared_ptr<const SourceConfig> load_source_config(store::Store& reader, store::Source source,
                                                       int64_t version = -1);

class SourceCache {
public:
  // `recheck`: how long a read of the configuration version stays current (IngestOptions sets it).
  explicit SourceCache(std::chrono::steady_clock::duration recheck) : m_recheck(recheck) {}

  // The connection `token` names in `tenant` with type `type`, read through `reader` when not
  // cached at the current version; nullptr when there is none (nothing negative is cached).
  // Throws store::StoreError on a database fault.
  std::shared_ptr<const SourceConfig> find(store::Store& reader, const std::string& tenant, const std::string& type,
                                           const std::string& token);

  // The configuration version `version`, as read by the delivery writer inside a write
  // transaction at `when` (no other write can move it there). Under steady traffic these keep the
  // version current and the delivery path never reads it itself.
  void observe_version(int64_t version, std::chrono::steady_clock::time_point when);

private:
  // The configuration version, read through `reader` unless it was read (or observed) less than
  // m_recheck ago.
  int64_t current_version(store::Store& reader);
  // Under m_mutex: takes `version`, known current at `when`, unless something newer is known;
  // returns the version now held.
  int64_t publish(int64_t version, std::chrono::steady_clock::time_point when);

  const std::chrono::steady_clock::duration m_recheck;
  std::mutex m_mutex;
  int64_t m_version = -1;
  std::chrono::steady_clock::time_point m_version_read; // when m_version was last read or observed
  std::unordered_map<std::string, std::shared_ptr<const SourceConfig>> m_by_hash;
};

} // namespace leadhub::ingest
