#include "core/store/lead_repo.hpp"

#include "core/store/database.hpp"
#include "core/util/time.hpp"

#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

namespace leadhub::store {

namespace {

constexpr const char* k_select =
    "SELECT l.id, l.tenant_id, l.source_id, l.source_name, l.source_type, l.external_id,"
    " l.first_name, l.last_name, l.email, l.phone, l.company, l.job_title, l.city, l.country, l.notes,"
    " l.custom, l.extra, l.pipeline_id, l.stage_id, p.name, s.name, s.outcome, l.test, l.received_at, l.event_id"
    " FROM leads l LEFT JOIN pipelines p ON p.id = l.pipeline_id LEFT JOIN stages s ON s.id = l.stage_id";

std::map<std::string, std::string> read_map(const std::string& text)
{
  std::map<std::string, std::string> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_object())
    for (auto& [k, v] : j.items())
      out[k] = v.is_string() ? v.get<std::string>() : v.dump();
  return out;
}

std::optional<int64_t> opt_int(const SQLite::Column& c)
{
  return c.isNull() ? std::nullopt : std::optional<int64_t>(c.getInt64());
}

} // namespace

leads::Lead read_lead_row(SQLite::Statement& st)
{
  leads::Lead l;
  l.id = st.getColumn(0).getInt64();
  l.tenant = st.getColumn(1).getString();
  l.source_id = opt_int(st.getColumn(2));
  l.source_name = st.getColumn(3).getString();
  l.source_type = st.getColumn(4).getString();
  l.external_id = st.getColumn(5).getString();
  int col = 6;
  for (auto name : leads::k_contact_fields)
    *l.contact.field(name) = st.getColumn(col++).getString();
  l.custom = read_map(st.getColumn(15).getString());
  l.extra = read_map(st.getColumn(16).getString());
  l.pipeline_id = opt_int(st.getColumn(17));
  l.stage_id = opt_int(st.getColumn(18));
  l.pipeline = st.getColumn(19).getString();
  l.stage = st.getColumn(20).getString();
  l.status = st.getColumn(21).getString();
  l.test = st.getColumn(22).getInt() != 0;
  l.received_at = st.getColumn(23).getString();
  l.event_id = opt_int(st.getColumn(24));
  return l;
}

Placement resolve_placement(Store& store, const std::string& tenant, std::optional<int64_t> pipeline_id,
                            std::optional<int64_t> stage_id)
{
  auto st = store.cached("SELECT p.id, s.id, p.name, s.name, s.outcome FROM stages s"
                         " JOIN pipelines p ON p.id = s.pipeline_id"
                         " WHERE (?1 IS NOT NULL AND s.id = ?1)"
                         "    OR (?1 IS NULL AND ?2 IS NOT NULL AND p.id = ?2)"
                         "    OR (?1 IS NULL AND ?2 IS NULL AND p.tenant_id = ?3)"
                         " ORDER BY p.id, s.position LIMIT 1");
  if (stage_id)
    st->bind(1, *stage_id);
  if (pipeline_id)
    st->bind(2, *pipeline_id);
  st->bind(3, tenant);
  Placement p;
  if (st->executeStep()) {
    p.pipeline_id = st->getColumn(0).getInt64();
    p.stage_id = st->getColumn(1).getInt64();
    p.pipeline = st->getColumn(2).getString();
    p.stage = st->getColumn(3).getString();
    p.status = st->getColumn(4).getString();
  }
  return p;
}

std::vector<leads::Lead> LeadRepo::list(const LeadFilter& f)
{
  SQLite::Statement st(m_db, std::string(k_select) + " WHERE l.tenant_id = ?1"
                                                     " AND (?2 IS NULL OR l.source_id = ?2)"
                                                     " AND (?3 IS NULL OR l.received_at >= ?3)"
                                                     " AND (?4 IS NULL OR l.received_at < ?4)"
                                                     " ORDER BY l.received_at DESC, l.id DESC LIMIT ?5");
  st.bind(1, m_tenant);
  if (f.source_id)
    st.bind(2, *f.source_id);
  if (f.since)
    st.bind(3, *f.since);
  if (f.until)
    st.bind(4, *f.until);
  st.bind(5, f.limit > 0 ? f.limit : int64_t{-1});
  std::vector<leads::Lead> out;
  while (st.executeStep())
    out.push_back(read_lead_row(st));
  return out;
}

Result<leads::Lead> LeadRepo::find(int64_t id)
{
  SQLite::Statement st(m_db, std::string(k_select) + " WHERE l.id = ? AND l.tenant_id = ?");
  st.bind(1, id);
  st.bind(2, m_tenant);
  if (!st.executeStep())
    return fail(Errc::not_found, "lead " + std::to_string(id) + " not found", "try 'leadhubctl lead list'");
  return read_lead_row(st);
}

Result<leads::Lead> LeadRepo::move(int64_t id, const std::string& stage, const std::optional<std::string>& pipeline)
{
  auto lead = find(id);
  if (!lead)
    return lead.error();
  std::optional<std::string> target_pipeline = pipeline;
  if (!target_pipeline && !lead->pipeline.empty())
    target_pipeline = lead->pipeline;
  if (!target_pipeline)
    return fail(Errc::usage, "lead " + std::to_string(id) + " is in no pipeline", "name one with --pipeline");
  SQLite::Statement st(m_db, "SELECT p.id, s.id FROM pipelines p JOIN stages s ON s.pipeline_id = p.id"
                             " WHERE p.tenant_id = ? AND p.name = ? AND s.name = ?");
  st.bind(1, m_tenant);
  st.bind(2, *target_pipeline);
  st.bind(3, stage);
  if (!st.executeStep())
    return fail(Errc::not_found, "stage '" + stage + "' not found in pipeline '" + *target_pipeline + "'",
                "try 'leadhubctl pipeline show " + *target_pipeline + "'");
  int64_t pipeline_id = st.getColumn(0).getInt64();
  int64_t stage_id = st.getColumn(1).getInt64();
  with_write_transaction(m_db, [&] {
    // The first move records where the lead started (ingest writes no history row).
    SQLite::Statement first(m_db, "INSERT INTO stage_history (lead_id, pipeline_id, stage_id, pipeline, stage, changed_at)"
                                  " SELECT l.id, l.pipeline_id, l.stage_id, p.name, s.name, l.received_at FROM leads l"
                                  " LEFT JOIN pipelines p ON p.id = l.pipeline_id LEFT JOIN stages s ON s.id = l.stage_id"
                                  " WHERE l.id = ?1 AND l.stage_id IS NOT NULL"
                                  " AND NOT EXISTS (SELECT 1 FROM stage_history h WHERE h.lead_id = ?1)");
    first.bind(1, id);
    first.exec();
    SQLite::Statement up(m_db, "UPDATE leads SET pipeline_id = ?, stage_id = ? WHERE id = ?");
    up.bind(1, pipeline_id);
    up.bind(2, stage_id);
    up.bind(3, id);
    up.exec();
    SQLite::Statement h(m_db, "INSERT INTO stage_history (lead_id, pipeline_id, stage_id, pipeline, stage, changed_at)"
                              " VALUES (?,?,?,?,?,?)");
    h.bind(1, id);
    h.bind(2, pipeline_id);
    h.bind(3, stage_id);
    h.bind(4, *target_pipeline);
    h.bind(5, stage);
    h.bind(6, util::now_iso8601());
    h.exec();
  });
  return find(id);
}

std::vector<StageChange> LeadRepo::history(int64_t id)
{
  // A lead never moved has no rows: its history is where it was placed on arrival.
  SQLite::Statement none(m_db, "SELECT p.name, s.name, l.received_at FROM leads l"
                               " JOIN stages s ON s.id = l.stage_id JOIN pipelines p ON p.id = l.pipeline_id"
                               " WHERE l.id = ? AND NOT EXISTS (SELECT 1 FROM stage_history h WHERE h.lead_id = l.id)");
  none.bind(1, id);
  if (none.executeStep())
    return {StageChange{none.getColumn(0).getString(), none.getColumn(1).getString(), none.getColumn(2).getString()}};
  SQLite::Statement st(m_db, "SELECT pipeline, stage, changed_at FROM stage_history WHERE lead_id = ? ORDER BY id");
  st.bind(1, id);
  std::vector<StageChange> out;
  while (st.executeStep()) {
    StageChange c;
    if (!st.getColumn(0).isNull())
      c.pipeline = st.getColumn(0).getString();
    if (!st.getColumn(1).isNull())
      c.stage = st.getColumn(1).getString();
    c.changed_at = st.getColumn(2).getString();
    out.push_back(std::move(c));
  }
  return out;
}

} // namespace leadhub::store
