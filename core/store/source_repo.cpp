#include "core/store/source_repo.hpp"

#include "core/crypto/crypto.hpp"
#include "core/sources/source.hpp"
#include "core/store/catalog_repo.hpp"
#include "core/store/repo_support.hpp"
#include "core/util/time.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <algorithm>
#include <functional>

namespace leadhub::store {

namespace {

constexpr size_t k_token_length = 48;

// One statement serves list, find and token lookup. The lead count and the latest lead come from
// correlated subqueries over the leads_source_received index: a range count and a single index
// probe per source, which stays cheap for one source and for ten thousand.
constexpr const char* k_select =
    "SELECT s.id, s.tenant_id, s.name, s.type, s.active, s.token_sealed, s.pipeline_id, s.stage_id,"
    " p.name, st.name, s.oauth_status,"
    " (SELECT COUNT(*) FROM leads l WHERE l.source_id = s.id),"
    " (SELECT MAX(l.received_at) FROM leads l WHERE l.source_id = s.id),"
    " s.created_at, s.updated_at"
    " FROM sources s LEFT JOIN pipelines p ON p.id = s.pipeline_id LEFT JOIN stages st ON st.id = s.stage_id";

constexpr const char* k_select_by_token =
    "SELECT s.id, s.tenant_id, s.name, s.type, s.active, s.token_hash, s.pipeline_id, s.stage_id,"
    " p.name, st.name, s.oauth_status, 0, NULL, s.created_at, s.updated_at"
    " FROM sources s LEFT JOIN pipelines p ON p.id = s.pipeline_id LEFT JOIN stages st ON st.id = s.stage_id"
    " WHERE s.token_hash = ?";

// The sealing context binds a token to its tenant and type: a sealed blob copied onto another
// row does not open. (Credentials are bound likewise, in source_settings.cpp.)
std::string token_context(const std::string& tenant, const std::string& type)
{
  return "webhook-token:" + tenant + ":" + type;
}

// `sealer` null: column 5 is not unsealed and `token` is left empty (the token lookup fills it).
Source read_row(const crypto::Sealer* sealer, SQLite::Statement& st)
{
  Source s;
  s.id = st.getColumn(0).getInt64();
  s.tenant = st.getColumn(1).getString();
  s.name = st.getColumn(2).getString();
  s.type = st.getColumn(3).getString();
  s.active = st.getColumn(4).getInt() != 0;
  if (sealer) {
    auto token = sealer->open(detail::blob(st.getColumn(5)), token_context(s.tenant, s.type));
    if (!token)
      throw StoreError(StoreError::Kind::failure,
                       fmt::format("webhook token of source '{}': {}", s.name, token.error().message));
    s.token = std::move(*token);
  }
  s.pipeline_id = detail::optional_int(st.getColumn(6));
  s.stage_id = detail::optional_int(st.getColumn(7));
  s.pipeline = detail::optional_text(st.getColumn(8));
  s.stage = detail::optional_text(st.getColumn(9));
  s.oauth_status = detail::optional_text(st.getColumn(10));
  s.leads = st.getColumn(11).getInt64();
  s.last_lead_at = detail::optional_text(st.getColumn(12));
  s.created_at = st.getColumn(13).getString();
  s.updated_at = st.getColumn(14).getString();
  return s;
}

Result<void> check_name(const std::string& name)
{
  if (name.empty())
    return fail(Errc::usage, "a source needs a name");
  if (detail::is_number(name))
    return fail(Errc::usage, fmt::format("source name '{}' is a number", name),
                "a number given as SOURCE means a source id; choose a name with a letter in it");
  if (std::any_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
    return fail(Errc::usage, "a source name cannot contain control characters");
  return {};
}

struct Placement {
  std::optional<int64_t> pipeline_id, stage_id;
};

// The pipeline and stage ids for the given names; the stage defaults to the pipeline's first.
Result<Placement> resolve_placement(Store& store, const std::string& tenant, const std::string& pipeline,
                                    const std::optional<std::string>& stage)
{
  auto p = PipelineRepo(store, tenant).find(pipeline);
  if (!p)
    return p.error();
  if (p->stages.empty())
    return fail(Errc::not_found, fmt::format("pipeline '{}' has no stages", pipeline));
  if (!stage)
    return Placement{p->id, p->stages.front().id};
  for (const auto& s : p->stages)
    if (s.name == *stage)
      return Placement{p->id, s.id};
  return fail(Errc::not_found, fmt::format("stage '{}' not found in pipeline '{}'", *stage, pipeline),
              fmt::format("try 'leadhubctl pipeline show {}'", pipeline));
}

struct TokenColumns {
  std::string hash, sealed;
};

TokenColumns new_token(const crypto::Sealer& sealer, const std::string& tenant, const std::string& type)
{
  auto token = crypto::random_token(k_token_length);
  return {crypto::sha256(token), sealer.seal(token, token_context(tenant, type))};
}

Error source_not_found(const std::string& id_or_name)
{
  return make_error(Errc::not_found, fmt::format("source '{}' not found", id_or_name), "try 'leadhubctl source list'");
}

} // namespace

Result<Source> SourceRepo::create(const NewSource& spec)
{
  if (auto r = check_name(spec.name); !r)
    return r.error();
  const auto* type = sources::find_source(spec.type);
  if (!type)
    return fail(Errc::usage, fmt::format("unknown source type '{}'", spec.type), "try 'leadhubctl source types'");
  if (spec.stage && !spec.pipeline)
    return fail(Errc::usage, "a stage needs its pipeline", "give --pipeline with --stage");
  auto& db = m_store.db();
  int64_t id = 0;
  auto r = detail::write(db, fmt::format("cannot create source '{}'", spec.name),
                         fmt::format("source '{}' already exists", spec.name), [&]() -> Result<void> {
                           Placement place;
                           if (spec.pipeline) {
                             auto p = resolve_placement(m_store, m_tenant, *spec.pipeline, spec.stage);
                             if (!p)
                               return p.error();
                             place = *p;
                           }
                           auto token = new_token(m_store.sealer(), m_tenant, spec.type);
                           auto now = util::now_iso8601();
                           SQLite::Statement st(db, "INSERT INTO sources (tenant_id, name, type, active, token_hash,"
                                                    " token_sealed, pipeline_id, stage_id, oauth_status, created_at,"
                                                    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                           st.bind(1, m_tenant);
                           st.bind(2, spec.name);
                           st.bind(3, spec.type);
                           st.bind(4, spec.active ? 1 : 0);
                           detail::bind_blob(st, 5, token.hash);
                           detail::bind_blob(st, 6, token.sealed);
                           detail::bind_optional(st, 7, place.pipeline_id);
                           detail::bind_optional(st, 8, place.stage_id);
                           if (type->auth == sources::AuthKind::oauth)
                             st.bind(9, "not_connected");
                           else
                             st.bind(9);
                           st.bind(10, now);
                           st.bind(11, now);
                           st.exec();
                           id = db.getLastInsertRowid();
                           return {};
                         });
  if (!r)
    return r.error();
  return find(std::to_string(id));
}

Result<Source> SourceRepo::find(const std::string& id_or_name)
{
  auto query = [&](const char* where, auto value) {
    return detail::read("cannot read source '" + id_or_name + "'", [&]() -> std::optional<Source> {
      SQLite::Statement st(m_store.db(), std::string(k_select) + " WHERE s.tenant_id = ? AND " + where);
      st.bind(1, m_tenant);
      st.bind(2, value);
      if (!st.executeStep())
        return std::nullopt;
      return read_row(&m_store.sealer(), st);
    });
  };
  // A number is an id; a source cannot be named with digits alone (see check_name).
  auto found = detail::is_number(id_or_name) ? query("s.id = ?", static_cast<int64_t>(std::stoll(id_or_name)))
                                             : query("s.name = ?", id_or_name);
  if (!found)
    return source_not_found(id_or_name);
  return std::move(*found);
}

std::vector<Source> SourceRepo::list(const SourceFilter& filter)
{
  std::vector<Source> out;
  for_each(filter, [&](const Source& s) { out.push_back(s); });
  return out;
}

void SourceRepo::for_each(const SourceFilter& filter, const std::function<void(const Source&)>& fn)
{
  detail::read("cannot list sources", [&] {
    // `+s.tenant_id` keeps the planner off the (tenant_id, type) index: walking the table in rowid
    // order needs no sort and no index-to-table lookup per row, which halves the time at 10,000.
    SQLite::Statement st(m_store.db(), std::string(k_select) +
                                           " WHERE +s.tenant_id = ?1 AND (?2 IS NULL OR s.type = ?2)"
                                           " AND (?3 IS NULL OR s.active = ?3) ORDER BY s.id");
    st.bind(1, m_tenant);
    if (filter.type)
      st.bind(2, *filter.type);
    if (filter.active)
      st.bind(3, *filter.active ? 1 : 0);
    while (st.executeStep())
      fn(read_row(&m_store.sealer(), st));
  });
}

namespace {

// Finds the source, runs `change` on it in one write transaction and returns it as it is now.
Result<Source> update_source(SourceRepo& repo, SQLite::Database& db, const std::string& id_or_name,
                             const std::string& what, const std::string& conflict_message,
                             const std::function<Result<void>(const Source&)>& change)
{
  auto source = repo.find(id_or_name);
  if (!source)
    return source;
  auto r = detail::write(db, fmt::format("cannot {} source '{}'", what, source->name), conflict_message,
                         [&] { return change(*source); });
  if (!r)
    return r.error();
  return repo.find(std::to_string(source->id));
}

} // namespace

Result<Source> SourceRepo::edit(const std::string& id_or_name, const SourceEdit& edit)
{
  if (edit.clear_pipeline && (edit.pipeline || edit.stage))
    return fail(Errc::usage, "--no-pipeline cannot be combined with --pipeline or --stage");
  if (!edit.name && !edit.pipeline && !edit.stage && !edit.clear_pipeline)
    return fail(Errc::usage, "nothing to change", "give --name, --pipeline, --stage or --no-pipeline");
  if (edit.name)
    if (auto r = check_name(*edit.name); !r)
      return r.error();
  auto conflict = edit.name ? fmt::format("source '{}' already exists", *edit.name) : std::string();
  return update_source(*this, m_store.db(), id_or_name, "edit", conflict, [&](const Source& source) -> Result<void> {
    Placement place{source.pipeline_id, source.stage_id};
    if (edit.clear_pipeline) {
      place = {};
    } else if (edit.pipeline || edit.stage) {
      if (!edit.pipeline && !source.pipeline)
        return fail(Errc::usage, fmt::format("source '{}' has no pipeline", source.name),
                    "give --pipeline with --stage");
      auto p = resolve_placement(m_store, m_tenant, edit.pipeline.value_or(*source.pipeline), edit.stage);
      if (!p)
        return p.error();
      place = *p;
    }
    SQLite::Statement st(m_store.db(), "UPDATE sources SET name = ?, pipeline_id = ?, stage_id = ?, updated_at = ?"
                                       " WHERE id = ?");
    st.bind(1, edit.name.value_or(source.name));
    detail::bind_optional(st, 2, place.pipeline_id);
    detail::bind_optional(st, 3, place.stage_id);
    st.bind(4, util::now_iso8601());
    st.bind(5, source.id);
    st.exec();
    return {};
  });
}

Result<Source> SourceRepo::set_active(const std::string& id_or_name, bool active)
{
  return update_source(*this, m_store.db(), id_or_name, "update", "", [&](const Source& source) -> Result<void> {
    SQLite::Statement st(m_store.db(), "UPDATE sources SET active = ?, updated_at = ? WHERE id = ?");
    st.bind(1, active ? 1 : 0);
    st.bind(2, util::now_iso8601());
    st.bind(3, source.id);
    st.exec();
    return {};
  });
}

Result<Source> SourceRepo::rotate_token(const std::string& id_or_name)
{
  return update_source(
      *this, m_store.db(), id_or_name, "rotate the token of", "", [&](const Source& source) -> Result<void> {
        auto token = new_token(m_store.sealer(), m_tenant, source.type);
        SQLite::Statement st(m_store.db(),
                             "UPDATE sources SET token_hash = ?, token_sealed = ?, updated_at = ? WHERE id = ?");
        detail::bind_blob(st, 1, token.hash);
        detail::bind_blob(st, 2, token.sealed);
        st.bind(3, util::now_iso8601());
        st.bind(4, source.id);
        st.exec();
        return {};
      });
}

Result<void> SourceRepo::remove(const std::string& id_or_name)
{
  auto source = find(id_or_name);
  if (!source)
    return source.error();
  // Credentials and mappings go by ON DELETE CASCADE; leads and events keep a NULL source_id.
  return detail::write(m_store.db(), fmt::format("cannot delete source '{}'", source->name), "", [&]() -> Result<void> {
    SQLite::Statement st(m_store.db(), "DELETE FROM sources WHERE id = ?");
    st.bind(1, source->id);
    st.exec();
    return {};
  });
}

std::optional<Source> find_source_by_token(Store& store, const std::string& tenant, const std::string& type,
                                           const std::string& token)
{
  if (token.size() != k_token_length)
    return std::nullopt;
  auto hash = crypto::sha256(token);
  auto found = detail::read("cannot look up a webhook token", [&]() -> std::optional<Source> {
    // The delivery hot path: the same columns as k_select but without the per-source lead count
    // and latest lead, which scan the source's leads and grow with them; and the stored hash
    // instead of the sealed token, so that no decryption runs per delivery.
    auto st = store.cached(k_select_by_token);
    detail::bind_blob(*st, 1, hash);
    if (!st->executeStep())
      return std::nullopt;
    auto source = read_row(nullptr, *st);
    source.token = detail::blob(st->getColumn(5)); // the stored hash, compared below
    return source;
  });
  // The index finds the row by hash; a constant-time compare of the stored hash with the hash of
  // the token given is what admits it (SHA-256 of a 286-bit random token: equal hashes, equal tokens).
  if (!found || !crypto::constant_time_equal(found->token, hash) || found->tenant != tenant || found->type != type)
    return std::nullopt;
  found->token = token;
  return found;
}

} // namespace leadhub::store
