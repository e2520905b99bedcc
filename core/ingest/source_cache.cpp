#include "core/ingest/source_cache.hpp"

#include "core/crypto/crypto.hpp"
#include "core/store/catalog_repo.hpp"
#include "core/store/config_version.hpp"
#include "core/store/source_repo.hpp"

namespace leadhub::ingest {

namespace {

constexpr size_t k_max_entries = 100000; // far above any real installation; bounds memory

} // namespace

std::shared_ptr<const SourceConfig> load_source_config(store::Store& reader, store::Source source, int64_t version)
{
  auto config = std::make_shared<SourceConfig>();
  config->config_version = version;
  store::SourceRepo repo(reader, source.tenant);
  for (auto& m : repo.mappings(source.id))
    config->rules.custom[m.incoming] = m.target;
  if (const auto* spec = sources::find_source(source.type))
    config->rules.builtin = spec->builtin_mapping;
  config->credentials = repo.credentials(source.id);
  config->rules.custom_field_keys = store::FieldRepo(reader, source.tenant).keys();
  config->placement = store::resolve_placement(reader, source.tenant, source.pipeline_id, source.stage_id);
  config->token_hash = crypto::sha256(source.token);
  config->source = std::move(source);
  return config;
}

int64_t SourceCache::current_version(store::Store& reader)
{
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(m_mutex);
    if (m_version >= 0 && now - m_version_read < m_recheck)
      return m_version;
  }
  int64_t version = store::config_version(reader);
  std::lock_guard lock(m_mutex);
  return publish(version, now);
}

void SourceCache::observe_version(int64_t version, std::chrono::steady_clock::time_point when)
{
  std::lock_guard lock(m_mutex);
  publish(version, when);
}

int64_t SourceCache::publish(int64_t version, std::chrono::steady_clock::time_point when)
{
  if (when < m_version_read)
    return m_version; // a later read or observation has been published already
  if (version != m_version) {
    m_by_hash.clear();
    m_version = version;
  }
  m_version_read = when;
  return version;
}

std::shared_ptr<const SourceConfig> SourceCache::find(store::Store& reader, const std::string& tenant,
                                                      const std::string& type, const std::string& token)
{
  int64_t version = current_version(reader);
  std::string hash = crypto::sha256(token);
  {
    std::lock_guard lock(m_mutex);
    auto it = m_by_hash.find(hash);
    if (it != m_by_hash.end()) {
      const auto& s = it->second->source;
      // Same admission rule as the store's lookup: equal hashes compared in constant time, and
      // the tenant and type of the URL must be the connection's.
      if (crypto::constant_time_equal(it->second->token_hash, hash) && s.tenant == tenant && s.type == type)
        return it->second;
      return nullptr;
    }
  }
  // Read outside the lock; the version was read first, so what is loaded is at least that new.
  auto source = store::find_source_by_token(reader, tenant, type, token);
  if (!source)
    return nullptr;
  auto config = load_source_config(reader, std::move(*source), version);
  {
    std::lock_guard lock(m_mutex);
    if (m_version == version) {
      if (m_by_hash.size() >= k_max_entries)
        m_by_hash.clear();
      m_by_hash.emplace(hash, config);
    }
  }
  return config;
}

} // namespace leadhub::ingest
