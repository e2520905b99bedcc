// SourceRepo's per-source settings: sealed credentials and custom field mappings.
#include "core/sources/source.hpp"
#include "core/store/repo_support.hpp"
#include "core/store/source_repo.hpp"
#include "core/util/time.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace leadhub::store {

namespace {

// A credential's sealing context binds it to its source and key: a blob copied to another row
// does not open.
std::string credential_context(int64_t source_id, const std::string& key)
{
  return fmt::format("credential:{}:{}", source_id, key);
}

struct SourceRef {
  std::string name, type;
};

Result<SourceRef> source_ref(SQLite::Database& db, const std::string& tenant, int64_t source_id)
{
  SQLite::Statement st(db, "SELECT name, type FROM sources WHERE id = ? AND tenant_id = ?");
  st.bind(1, source_id);
  st.bind(2, tenant);
  if (!st.executeStep())
    return fail(Errc::not_found, fmt::format("source '{}' not found", source_id), "try 'leadhubctl source list'");
  return SourceRef{st.getColumn(0).getString(), st.getColumn(1).getString()};
}

} // namespace

Result<void> check_credential_key(const std::string& type, const std::string& key)
{
  const auto* spec = sources::find_source(type);
  if (!spec)
    return fail(Errc::usage, fmt::format("unknown source type '{}'", type), "try 'leadhubctl source types'");
  const auto& keys = spec->credential_keys;
  if (std::find(keys.begin(), keys.end(), key) != keys.end())
    return {};
  if (keys.empty())
    return fail(Errc::usage, fmt::format("source type '{}' takes no credentials; the URL token alone admits", type));
  return fail(Errc::usage, fmt::format("source type '{}' has no credential '{}'", type, key),
              fmt::format("its keys are: {}", fmt::join(keys, ", ")));
}

Result<void> SourceRepo::set_credential(int64_t source_id, const std::string& key, const std::string& value)
{
  auto& db = m_store.db();
  return detail::write(db, fmt::format("cannot set credential '{}'", key), "", [&]() -> Result<void> {
    auto source = source_ref(db, m_tenant, source_id);
    if (!source)
      return source.error();
    if (auto r = check_credential_key(source->type, key); !r)
      return r;
    if (value.empty())
      return fail(Errc::usage, fmt::format("the value of credential '{}' is empty", key));
    SQLite::Statement st(db, "INSERT INTO credentials (source_id, key, value_sealed, set_at) VALUES (?, ?, ?, ?)"
                             " ON CONFLICT (source_id, key) DO UPDATE SET value_sealed = excluded.value_sealed,"
                             " set_at = excluded.set_at");
    st.bind(1, source_id);
    st.bind(2, key);
    detail::bind_blob(st, 3, m_store.sealer().seal(value, credential_context(source_id, key)));
    st.bind(4, util::now_iso8601());
    st.exec();
    return {};
  });
}

Result<void> SourceRepo::unset_credential(int64_t source_id, const std::string& key)
{
  auto& db = m_store.db();
  return detail::write(db, fmt::format("cannot unset credential '{}'", key), "", [&]() -> Result<void> {
    auto source = source_ref(db, m_tenant, source_id);
    if (!source)
      return source.error();
    SQLite::Statement st(db, "DELETE FROM credentials WHERE source_id = ? AND key = ?");
    st.bind(1, source_id);
    st.bind(2, key);
    if (st.exec() == 0)
      return fail(Errc::not_found, fmt::format("credential '{}' is not set on source '{}'", key, source->name),
                  fmt::format("try 'leadhubctl source credential list {}'", source_id));
    return {};
  });
}

std::vector<CredentialInfo> SourceRepo::list_credentials(int64_t source_id)
{
  return detail::read("cannot list credentials", [&] {
    SQLite::Statement st(m_store.db(), "SELECT c.key, c.set_at FROM credentials c JOIN sources s ON s.id = c.source_id"
                                       " WHERE c.source_id = ? AND s.tenant_id = ? ORDER BY c.key");
    st.bind(1, source_id);
    st.bind(2, m_tenant);
    std::vector<CredentialInfo> out;
    while (st.executeStep())
      out.push_back(CredentialInfo{st.getColumn(0).getString(), st.getColumn(1).getString()});
    return out;
  });
}

std::map<std::string, std::string> SourceRepo::credentials(int64_t source_id)
{
  return detail::read("cannot read credentials", [&] {
    // Cached: the delivery path reads the signing credentials on every request.
    auto st = m_store.cached("SELECT c.key, c.value_sealed FROM credentials c JOIN sources s"
                             " ON s.id = c.source_id WHERE c.source_id = ? AND s.tenant_id = ?");
    st->bind(1, source_id);
    st->bind(2, m_tenant);
    std::map<std::string, std::string> out;
    while (st->executeStep()) {
      auto key = st->getColumn(0).getString();
      auto value = m_store.sealer().open(detail::blob(st->getColumn(1)), credential_context(source_id, key));
      if (!value)
        throw StoreError(StoreError::Kind::failure,
                         fmt::format("credential '{}' of source {}: {}", key, source_id, value.error().message));
      out[key] = std::move(*value);
    }
    return out;
  });
}

Result<void> SourceRepo::set_mapping(int64_t source_id, const std::string& incoming, const std::string& target)
{
  if (incoming.empty() || target.empty())
    return fail(Errc::usage, "a mapping needs an incoming field name and a lead field");
  auto& db = m_store.db();
  return detail::write(db, fmt::format("cannot map '{}'", incoming), "", [&]() -> Result<void> {
    if (auto source = source_ref(db, m_tenant, source_id); !source)
      return source.error();
    SQLite::Statement st(db, "INSERT INTO field_mappings (source_id, incoming, target) VALUES (?, ?, ?)"
                             " ON CONFLICT (source_id, incoming) DO UPDATE SET target = excluded.target");
    st.bind(1, source_id);
    st.bind(2, incoming);
    st.bind(3, target);
    st.exec();
    return {};
  });
}

Result<void> SourceRepo::unset_mapping(int64_t source_id, const std::string& incoming)
{
  auto& db = m_store.db();
  return detail::write(db, fmt::format("cannot unmap '{}'", incoming), "", [&]() -> Result<void> {
    auto source = source_ref(db, m_tenant, source_id);
    if (!source)
      return source.error();
    SQLite::Statement st(db, "DELETE FROM field_mappings WHERE source_id = ? AND incoming = ?");
    st.bind(1, source_id);
    st.bind(2, incoming);
    if (st.exec() == 0)
      return fail(Errc::not_found, fmt::format("source '{}' has no mapping for '{}'", source->name, incoming),
                  fmt::format("try 'leadhubctl source map list {}'", source_id));
    return {};
  });
}

std::vector<FieldMapping> SourceRepo::mappings(int64_t source_id)
{
  return detail::read("cannot list field mappings", [&] {
    // Cached: the delivery path maps every lead with these.
    auto st = m_store.cached("SELECT m.incoming, m.target FROM field_mappings m JOIN sources s"
                             " ON s.id = m.source_id WHERE m.source_id = ? AND s.tenant_id = ?"
                             " ORDER BY m.incoming");
    st->bind(1, source_id);
    st->bind(2, m_tenant);
    std::vector<FieldMapping> out;
    while (st->executeStep())
      out.push_back(FieldMapping{st->getColumn(0).getString(), st->getColumn(1).getString()});
    return out;
  });
}

} // namespace leadhub::store
