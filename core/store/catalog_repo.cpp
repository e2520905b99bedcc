#include "core/store/catalog_repo.hpp"

#include "core/leads/lead.hpp"
#include "core/leads/mapping.hpp"
#include "core/store/repo_support.hpp"
#include "core/util/strings.hpp"
#include "core/util/time.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

namespace leadhub::store {

namespace {

bool is_id_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Keys of the lead JSON object and mapping targets that a custom field may not shadow.
constexpr std::array<std::string_view, 14> k_reserved_field_keys = {
    "id",       "source_id", "source_name", "source_type", "external_id", "custom", "extra",
    "pipeline", "stage",     "status",      "test",        "received_at", "name",   leads::k_full_name_target};

bool is_reserved_field_key(std::string_view key)
{
  return std::find(leads::k_contact_fields.begin(), leads::k_contact_fields.end(), key) !=
             leads::k_contact_fields.end() ||
         std::find(k_reserved_field_keys.begin(), k_reserved_field_keys.end(), key) != k_reserved_field_keys.end();
}

Result<std::vector<Stage>> parse_stages(const std::string& text)
{
  std::vector<Stage> out;
  for (const auto& item : util::split(text, ',')) {
    std::string name(util::trim(item));
    std::string outcome = "open";
    if (auto colon = name.rfind(':'); colon != std::string::npos) {
      outcome = util::to_lower(util::trim(std::string_view(name).substr(colon + 1)));
      name = std::string(util::trim(std::string_view(name).substr(0, colon)));
      if (outcome != "open" && outcome != "won" && outcome != "lost")
        return fail(Errc::usage,
                    fmt::format("stage '{}' has outcome '{}'; an outcome is open, won or lost", name, outcome));
    }
    if (name.empty())
      return fail(Errc::usage, fmt::format("empty stage name in '{}'", text),
                  "write stages as \"New,Contacted,Won:won,Lost:lost\"");
    for (const auto& s : out)
      if (s.name == name)
        return fail(Errc::usage, fmt::format("stage '{}' appears twice", name));
    out.push_back(Stage{0, static_cast<int>(out.size()) + 1, name, outcome});
  }
  if (out.empty())
    return fail(Errc::usage, "a pipeline needs at least one stage",
                "write stages as \"New,Contacted,Won:won,Lost:lost\"");
  return out;
}

} // namespace

// --- tenants ---

Result<Tenant> TenantRepo::create(const std::string& id, const std::string& name)
{
  if (id.empty() || id.size() > 64 || !std::all_of(id.begin(), id.end(), is_id_char))
    return fail(Errc::usage, fmt::format("tenant id '{}' is not valid", id),
                "a tenant id is 1 to 64 characters from a-z, 0-9, '_' and '-'");
  Tenant t{id, name.empty() ? id : name, util::now_iso8601()};
  auto r =
      detail::write(m_store.db(), fmt::format("cannot create tenant '{}'", id),
                    fmt::format("tenant '{}' already exists", id), [&]() -> Result<void> {
                      SQLite::Statement st(m_store.db(), "INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)");
                      st.bind(1, t.id);
                      st.bind(2, t.name);
                      st.bind(3, t.created_at);
                      st.exec();
                      return {};
                    });
  if (!r)
    return r.error();
  return t;
}

std::vector<Tenant> TenantRepo::list()
{
  return detail::read("cannot list tenants", [&] {
    SQLite::Statement st(m_store.db(), "SELECT id, name, created_at FROM tenants ORDER BY id");
    std::vector<Tenant> out;
    while (st.executeStep())
      out.push_back(Tenant{st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString()});
    return out;
  });
}

Result<Tenant> TenantRepo::find(const std::string& id)
{
  return detail::read("cannot read tenant '" + id + "'", [&]() -> Result<Tenant> {
    SQLite::Statement st(m_store.db(), "SELECT id, name, created_at FROM tenants WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep())
      return fail(Errc::not_found, fmt::format("tenant '{}' not found", id), "try 'leadhubctl tenant list'");
    return Tenant{st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString()};
  });
}

Result<void> TenantRepo::remove(const std::string& id)
{
  if (id == "default")
    return fail(Errc::conflict, "tenant 'default' cannot be deleted");
  return detail::write(m_store.db(), fmt::format("cannot delete tenant '{}'", id), "", [&]() -> Result<void> {
    SQLite::Statement st(m_store.db(), "DELETE FROM tenants WHERE id = ?");
    st.bind(1, id);
    if (st.exec() == 0)
      return fail(Errc::not_found, fmt::format("tenant '{}' not found", id), "try 'leadhubctl tenant list'");
    return {};
  });
}

// --- pipelines ---

namespace {

// Fills the stages of `pipelines` (ordered by id) from one query over the tenant's stages.
void load_stages(SQLite::Database& db, const std::string& tenant, std::vector<Pipeline>& pipelines)
{
  std::map<int64_t, Pipeline*> by_id;
  for (auto& p : pipelines)
    by_id[p.id] = &p;
  SQLite::Statement st(db, "SELECT st.pipeline_id, st.id, st.position, st.name, st.outcome FROM stages st"
                           " JOIN pipelines p ON p.id = st.pipeline_id WHERE p.tenant_id = ?"
                           " ORDER BY st.pipeline_id, st.position");
  st.bind(1, tenant);
  while (st.executeStep()) {
    auto it = by_id.find(st.getColumn(0).getInt64());
    if (it != by_id.end())
      it->second->stages.push_back(Stage{st.getColumn(1).getInt64(), st.getColumn(2).getInt(),
                                         st.getColumn(3).getString(), st.getColumn(4).getString()});
  }
}

// The tenant's pipelines matching `where` (a condition on `p` with one parameter, or none).
std::vector<Pipeline> select_pipelines(SQLite::Database& db, const std::string& tenant, const std::string& where,
                                       const std::function<void(SQLite::Statement&)>& bind)
{
  SQLite::Statement st(db, "SELECT p.id, p.tenant_id, p.name, p.created_at FROM pipelines p WHERE p.tenant_id = ?" +
                               (where.empty() ? "" : " AND " + where) + " ORDER BY p.id");
  st.bind(1, tenant);
  if (bind)
    bind(st);
  std::vector<Pipeline> out;
  while (st.executeStep())
    out.push_back(Pipeline{st.getColumn(0).getInt64(),
                           st.getColumn(1).getString(),
                           st.getColumn(2).getString(),
                           st.getColumn(3).getString(),
                           {}});
  load_stages(db, tenant, out);
  return out;
}

} // namespace

Result<Pipeline> PipelineRepo::create(const std::string& name, const std::string& stages)
{
  if (util::trim(name).empty())
    return fail(Errc::usage, "a pipeline needs a name");
  auto parsed = parse_stages(stages);
  if (!parsed)
    return parsed.error();
  auto& db = m_store.db();
  auto r = detail::write(
      db, fmt::format("cannot create pipeline '{}'", name), fmt::format("pipeline '{}' already exists", name),
      [&]() -> Result<void> {
        SQLite::Statement ins(db, "INSERT INTO pipelines (tenant_id, name, created_at) VALUES (?, ?, ?)");
        ins.bind(1, m_tenant);
        ins.bind(2, name);
        ins.bind(3, util::now_iso8601());
        ins.exec();
        int64_t id = db.getLastInsertRowid();
        SQLite::Statement stage(db, "INSERT INTO stages (pipeline_id, position, name, outcome) VALUES (?, ?, ?, ?)");
        for (const auto& s : *parsed) {
          stage.bind(1, id);
          stage.bind(2, s.position);
          stage.bind(3, s.name);
          stage.bind(4, s.outcome);
          stage.exec();
          stage.reset();
        }
        return {};
      });
  if (!r)
    return r.error();
  return find(name);
}

std::vector<Pipeline> PipelineRepo::list()
{
  return detail::read("cannot list pipelines", [&] { return select_pipelines(m_store.db(), m_tenant, "", nullptr); });
}

Result<Pipeline> PipelineRepo::find(const std::string& name)
{
  auto found = detail::read("cannot read pipeline '" + name + "'", [&] {
    return select_pipelines(m_store.db(), m_tenant, "p.name = ?", [&](SQLite::Statement& st) { st.bind(2, name); });
  });
  if (found.empty())
    return fail(Errc::not_found, fmt::format("pipeline '{}' not found", name), "try 'leadhubctl pipeline list'");
  return std::move(found.front());
}

Result<Pipeline> PipelineRepo::find(int64_t id)
{
  auto found = detail::read(fmt::format("cannot read pipeline {}", id), [&] {
    return select_pipelines(m_store.db(), m_tenant, "p.id = ?", [&](SQLite::Statement& st) { st.bind(2, id); });
  });
  if (found.empty())
    return fail(Errc::not_found, fmt::format("pipeline {} not found", id), "try 'leadhubctl pipeline list'");
  return std::move(found.front());
}

std::optional<Pipeline> PipelineRepo::default_pipeline()
{
  auto all = list();
  if (all.empty())
    return std::nullopt;
  return std::move(all.front());
}

Result<void> PipelineRepo::remove(const std::string& name)
{
  return detail::write(m_store.db(), fmt::format("cannot delete pipeline '{}'", name), "", [&]() -> Result<void> {
    SQLite::Statement st(m_store.db(), "DELETE FROM pipelines WHERE tenant_id = ? AND name = ?");
    st.bind(1, m_tenant);
    st.bind(2, name);
    if (st.exec() == 0)
      return fail(Errc::not_found, fmt::format("pipeline '{}' not found", name), "try 'leadhubctl pipeline list'");
    return {};
  });
}

// --- custom fields ---

Result<CustomField> FieldRepo::create(const std::string& key, const std::string& label, const std::string& type)
{
  bool valid = !key.empty() && key.size() <= 64 && key[0] >= 'a' && key[0] <= 'z' &&
               std::all_of(key.begin(), key.end(), [](char c) { return is_id_char(c) && c != '-'; });
  if (!valid)
    return fail(Errc::usage, fmt::format("field key '{}' is not valid", key),
                "a field key starts with a-z and has up to 64 characters from a-z, 0-9 and '_'");
  if (is_reserved_field_key(key))
    return fail(Errc::usage, fmt::format("field key '{}' is a built-in lead field", key));
  std::string kind = type.empty() ? "text" : type;
  if (kind != "text" && kind != "number" && kind != "date" && kind != "bool")
    return fail(Errc::usage, fmt::format("field type '{}' is not valid", kind),
                "a field type is text, number, date or bool");
  CustomField f{0, key, label.empty() ? key : label, kind, util::now_iso8601()};
  auto& db = m_store.db();
  auto r =
      detail::write(db, fmt::format("cannot create field '{}'", key), fmt::format("field '{}' already exists", key),
                    [&]() -> Result<void> {
                      SQLite::Statement st(db, "INSERT INTO custom_fields (tenant_id, key, label, type, created_at)"
                                               " VALUES (?, ?, ?, ?, ?)");
                      st.bind(1, m_tenant);
                      st.bind(2, f.key);
                      st.bind(3, f.label);
                      st.bind(4, f.type);
                      st.bind(5, f.created_at);
                      st.exec();
                      f.id = db.getLastInsertRowid();
                      return {};
                    });
  if (!r)
    return r.error();
  return f;
}

std::vector<CustomField> FieldRepo::list()
{
  return detail::read("cannot list fields", [&] {
    // Cached: the delivery path reads the tenant's custom field keys for every lead.
    auto st = m_store.cached("SELECT id, key, label, type, created_at FROM custom_fields"
                             " WHERE tenant_id = ? ORDER BY key");
    st->bind(1, m_tenant);
    std::vector<CustomField> out;
    while (st->executeStep())
      out.push_back(CustomField{st->getColumn(0).getInt64(), st->getColumn(1).getString(),
                                st->getColumn(2).getString(), st->getColumn(3).getString(),
                                st->getColumn(4).getString()});
    return out;
  });
}

std::set<std::string> FieldRepo::keys()
{
  std::set<std::string> out;
  for (auto& f : list())
    out.insert(std::move(f.key));
  return out;
}

Result<void> FieldRepo::remove(const std::string& key)
{
  auto& db = m_store.db();
  return detail::write(db, fmt::format("cannot delete field '{}'", key), "", [&]() -> Result<void> {
    SQLite::Statement used(db, "SELECT COUNT(*) FROM field_mappings m JOIN sources s ON s.id = m.source_id"
                               " WHERE s.tenant_id = ? AND m.target = ?");
    used.bind(1, m_tenant);
    used.bind(2, key);
    used.executeStep();
    if (int64_t n = used.getColumn(0).getInt64(); n > 0)
      return fail(Errc::conflict,
                  fmt::format("field '{}' is the target of {} field mapping{}", key, n, n == 1 ? "" : "s"),
                  "remove them first with 'leadhubctl source map unset'");
    SQLite::Statement st(db, "DELETE FROM custom_fields WHERE tenant_id = ? AND key = ?");
    st.bind(1, m_tenant);
    st.bind(2, key);
    if (st.exec() == 0)
      return fail(Errc::not_found, fmt::format("field '{}' not found", key), "try 'leadhubctl field list'");
    return {};
  });
}

} // namespace leadhub::store
