// The write side of a delivery, run on the group-commit thread: events and leads with prepared
// statements kept for the life of the writer connection.
#pragma once

#include "core/leads/lead.hpp"
#include "core/store/event_repo.hpp"
#include "core/store/store.hpp"

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace leadhub::store {

// A lead ready to write: its custom and extra fields already serialised (on the request thread,
// so that the single writer thread does as little as possible).
struct LeadRecord {
  leads::Lead lead;
  std::string custom_json = "{}", extra_json = "{}";
};
// `extra_json` as apply_mapping wrote it (lead.extra is then empty).
LeadRecord make_record(leads::Lead lead, std::string extra_json);

class IngestWriter {
public:
  explicit IngestWriter(SQLite::Database& db);

  // Names the write transaction the following calls run in (any number that changes with each
  // BEGIN). Within one transaction the writer is the only one writing, so the next ids and the
  // configuration version are read once per transaction and then kept here, not once per delivery.
  // Until it is first called (or with 0), nothing is kept.
  void within(uint64_t transaction);

  // The ids the next event and lead inserted in this transaction get (the writer is the only one
  // inserting while it holds the IMMEDIATE transaction), so that an event can name its leads and be
  // written once, in full.
  int64_t next_event_id();
  int64_t next_lead_id();
  // Inserts the event as given (with `event.id` when set) and returns its id.
  int64_t insert_event(const Event& event);
  // The lead with this connection and external id, if any.
  std::optional<int64_t> find_by_external_id(int64_t source_id, const std::string& external_id);
  bool lead_exists(int64_t lead_id);
  // Inserts a new lead (with `record.lead.id` when set); returns its id.
  int64_t insert_lead(const LeadRecord& record);
  // Replaces the contact, custom and extra fields of an existing lead (replay).
  void update_lead_fields(int64_t lead_id, const LeadRecord& record);

  // The writer connection does not enforce foreign keys (six parent lookups per delivery). Its
  // rows refer to a connection, pipeline and stage read at `config_version`; while the version has
  // not moved, none of them can have been deleted, since every delete bumps it.
  int64_t config_version();
  // Whether the tenant and the (optional) source, pipeline and stage exist: what foreign keys would
  // check, for a delivery whose configuration is older than config_version().
  bool references_exist(const std::string& tenant, std::optional<int64_t> source_id,
                        std::optional<int64_t> pipeline_id, std::optional<int64_t> stage_id);

private:
  SQLite::Database& m_db;
  StatementCache m_statements;
  // Read once per transaction (see within); a savepoint rolled back leaves them ahead, which only
  // skips ids.
  uint64_t m_transaction = 0;
  std::optional<int64_t> m_next_event, m_next_lead, m_config_version;
};

} // namespace leadhub::store
