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

class IngestWriter {
public:
  explicit IngestWriter(SQLite::Database& db);

  // Inserts the event as given and returns its id.
  int64_t insert_event(const Event& event);
  // Sets the final outcome, status and lead ids of an event inserted earlier in this transaction.
  void finish_event(int64_t event_id, const std::string& outcome, int http_status,
                    const std::vector<int64_t>& lead_ids, const std::string& detail);
  // The lead with this connection and external id, if any.
  std::optional<int64_t> find_by_external_id(int64_t source_id, const std::string& external_id);
  bool lead_exists(int64_t lead_id);
  // Fills pipeline_id, stage_id, pipeline, stage and status: the source's stage, else the first
  // stage of its pipeline, else the first stage of the tenant's first pipeline, else none.
  void place(leads::Lead& lead, std::optional<int64_t> pipeline_id, std::optional<int64_t> stage_id);
  // Inserts a new lead; returns its id.
  int64_t insert_lead(const leads::Lead& lead);
  // Replaces the contact, custom and extra fields of an existing lead (replay).
  void update_lead_fields(int64_t lead_id, const leads::Lead& lead);

private:
  SQLite::Database& m_db;
  StatementCache m_statements;
};

} // namespace leadhub::store
