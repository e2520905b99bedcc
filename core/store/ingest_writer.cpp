#include "core/store/ingest_writer.hpp"

#include "core/util/json_text.hpp"

namespace leadhub::store {

namespace {

template <class T> void bind_optional(SQLite::Statement& st, int index, const std::optional<T>& v)
{
  if (v)
    st.bind(index, *v);
  else
    st.bind(index);
}

// The statements here run and are reset before the values they bind go: nothing is copied.
void bind_contact(SQLite::Statement& st, int first, const leads::Contact& c)
{
  int i = first;
  for (auto name : leads::k_contact_fields)
    st.bindNoCopy(i++, *c.field(name));
}

} // namespace

LeadRecord make_record(leads::Lead lead, std::string extra_json)
{
  LeadRecord r;
  r.custom_json = util::json_object(lead.custom);
  r.extra_json = std::move(extra_json);
  r.lead = std::move(lead);
  return r;
}

IngestWriter::IngestWriter(SQLite::Database& db) : m_db(db), m_statements(db) {}

void IngestWriter::within(uint64_t transaction)
{
  if (transaction == m_transaction)
    return;
  m_transaction = transaction;
  m_next_event.reset();
  m_next_lead.reset();
  m_config_version.reset();
}

int64_t IngestWriter::next_event_id()
{
  if (!m_next_event || m_transaction == 0) {
    auto st = m_statements.get("SELECT COALESCE(MAX(id), 0) + 1 FROM events");
    st->executeStep();
    m_next_event = st->getColumn(0).getInt64();
  }
  return *m_next_event;
}

int64_t IngestWriter::next_lead_id()
{
  if (!m_next_lead || m_transaction == 0) {
    auto st = m_statements.get("SELECT COALESCE(MAX(id), 0) + 1 FROM leads");
    st->executeStep();
    m_next_lead = st->getColumn(0).getInt64();
  }
  return *m_next_lead;
}

int64_t IngestWriter::insert_event(const Event& e)
{
  auto st = m_statements.get("INSERT INTO events (tenant_id, source_id, source_type, received_at, channel, outcome,"
                             " http_status, lead_ids, detail, method, content_type, headers, body, test, id)"
                             " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  bind_optional(*st, 1, e.tenant);
  bind_optional(*st, 2, e.source_id);
  bind_optional(*st, 3, e.source_type);
  st->bind(4, e.received_at);
  st->bind(5, e.channel);
  st->bind(6, e.outcome);
  bind_optional(*st, 7, e.http_status);
  st->bind(8, util::json_array(e.lead_ids));
  st->bind(9, e.detail);
  st->bind(10, e.method);
  st->bind(11, e.content_type);
  st->bindNoCopy(12, e.headers_json);
  st->bindNoCopy(13, e.body.data(), static_cast<int>(e.body.size()));
  st->bind(14, e.test ? 1 : 0);
  if (e.id > 0)
    st->bind(15, e.id);
  else
    st->bind(15);
  st->exec();
  int64_t id = m_db.getLastInsertRowid();
  if (m_next_event && id >= *m_next_event)
    m_next_event = id + 1;
  return id;
}

std::optional<int64_t> IngestWriter::find_by_external_id(int64_t source_id, const std::string& external_id)
{
  auto st = m_statements.get("SELECT id FROM leads WHERE source_id = ? AND external_id = ?");
  st->bind(1, source_id);
  st->bind(2, external_id);
  if (st->executeStep())
    return st->getColumn(0).getInt64();
  return std::nullopt;
}

bool IngestWriter::lead_exists(int64_t lead_id)
{
  auto st = m_statements.get("SELECT 1 FROM leads WHERE id = ?");
  st->bind(1, lead_id);
  return st->executeStep();
}

int64_t IngestWriter::insert_lead(const LeadRecord& record)
{
  const auto& lead = record.lead;
  auto st = m_statements.get("INSERT INTO leads (tenant_id, source_id, source_name, source_type, external_id,"
                             " first_name, last_name, email, phone, company, job_title, city, country, notes,"
                             " custom, extra, pipeline_id, stage_id, test, received_at, event_id, id)"
                             " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  st->bind(1, lead.tenant);
  bind_optional(*st, 2, lead.source_id);
  st->bind(3, lead.source_name);
  st->bind(4, lead.source_type);
  if (lead.external_id.empty())
    st->bind(5);
  else
    st->bind(5, lead.external_id);
  bind_contact(*st, 6, lead.contact);
  st->bindNoCopy(15, record.custom_json);
  st->bindNoCopy(16, record.extra_json);
  bind_optional(*st, 17, lead.pipeline_id);
  bind_optional(*st, 18, lead.stage_id);
  st->bind(19, lead.test ? 1 : 0);
  st->bind(20, lead.received_at);
  bind_optional(*st, 21, lead.event_id);
  if (lead.id > 0)
    st->bind(22, lead.id);
  else
    st->bind(22);
  st->exec();
  // No stage-history row here: until the first move, the lead's own stage and received_at are its
  // history, and LeadRepo::move records them then (one write less per delivery).
  int64_t id = m_db.getLastInsertRowid();
  if (m_next_lead && id >= *m_next_lead)
    m_next_lead = id + 1;
  return id;
}

void IngestWriter::update_lead_fields(int64_t lead_id, const LeadRecord& record)
{
  auto st = m_statements.get("UPDATE leads SET first_name = ?, last_name = ?, email = ?, phone = ?,"
                             " company = ?, job_title = ?, city = ?, country = ?, notes = ?,"
                             " custom = ?, extra = ? WHERE id = ?");
  bind_contact(*st, 1, record.lead.contact);
  st->bindNoCopy(10, record.custom_json);
  st->bindNoCopy(11, record.extra_json);
  st->bind(12, lead_id);
  st->exec();
}

int64_t IngestWriter::config_version()
{
  if (!m_config_version || m_transaction == 0) {
    auto st = m_statements.get("SELECT version FROM config_version WHERE id = 1");
    m_config_version = st->executeStep() ? st->getColumn(0).getInt64() : -1;
  }
  return *m_config_version;
}

bool IngestWriter::references_exist(const std::string& tenant, std::optional<int64_t> source_id,
                                    std::optional<int64_t> pipeline_id, std::optional<int64_t> stage_id)
{
  auto st = m_statements.get("SELECT EXISTS (SELECT 1 FROM tenants WHERE id = ?1)"
                             " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM sources WHERE id = ?2))"
                             " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM pipelines WHERE id = ?3))"
                             " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM stages WHERE id = ?4))");
  st->bind(1, tenant);
  bind_optional(*st, 2, source_id);
  bind_optional(*st, 3, pipeline_id);
  bind_optional(*st, 4, stage_id);
  return st->executeStep() && st->getColumn(0).getInt() == 1;
}

} // namespace leadhub::store
