// Tenants, pipelines with ordered stages, and custom fields: the catalog leads are placed in.
#pragma once

#include "core/store/store.hpp"
#include "core/store/types.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace leadhub::store {

class TenantRepo {
public:
  explicit TenantRepo(Store& store) : m_store(store) {}
  // conflict when the id is taken; usage when the id is not [a-z0-9_-]{1,64}.
  Result<Tenant> create(const std::string& id, const std::string& name);
  std::vector<Tenant> list();
  Result<Tenant> find(const std::string& id);
  // Deletes the tenant and everything it owns; not_found when unknown; conflict for `default`.
  Result<void> remove(const std::string& id);

private:
  Store& m_store;
};

class PipelineRepo {
public:
  PipelineRepo(Store& store, std::string tenant) : m_store(store), m_tenant(std::move(tenant)) {}
  // `stages` is "New,Contacted,Won:won,Lost:lost" (outcome defaults to open); usage on bad text.
  Result<Pipeline> create(const std::string& name, const std::string& stages);
  std::vector<Pipeline> list();
  Result<Pipeline> find(const std::string& name);
  Result<Pipeline> find(int64_t id);
  // The pipeline leads go to when their source names none: the tenant's first; nullopt when none.
  std::optional<Pipeline> default_pipeline();
  // Deletes the pipeline; sources and leads in it keep no pipeline.
  Result<void> remove(const std::string& name);

private:
  Store& m_store;
  std::string m_tenant;
};

class FieldRepo {
public:
  FieldRepo(Store& store, std::string tenant) : m_store(store), m_tenant(std::move(tenant)) {}
  // usage when the key is not [a-z][a-z0-9_]{0,63} or is a built-in lead field; conflict when taken.
  Result<CustomField> create(const std::string& key, const std::string& label, const std::string& type);
  std::vector<CustomField> list();
  std::set<std::string> keys();
  Result<void> remove(const std::string& key);

private:
  Store& m_store;
  std::string m_tenant;
};

} // namespace leadhub::store
