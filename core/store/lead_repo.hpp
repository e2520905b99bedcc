// Leads: listing, showing and moving them between stages (the write path is in ingest_writer).
#pragma once

#include "core/leads/lead.hpp"
#include "core/store/store.hpp"
#include "core/util/result.hpp"

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace leadhub::store {

struct LeadFilter {
  std::optional<int64_t> source_id;
  std::optional<std::string> since, until; // ISO 8601 UTC, inclusive / exclusive
  int64_t limit = 100;                     // 0: all
};

struct StageChange {
  std::optional<std::string> pipeline, stage;
  std::string changed_at;
};

class LeadRepo {
public:
  LeadRepo(SQLite::Database& db, std::string tenant) : m_db(db), m_tenant(std::move(tenant)) {}
  // Newest first.
  std::vector<leads::Lead> list(const LeadFilter& filter);
  // not_found when the lead is not this tenant's.
  Result<leads::Lead> find(int64_t id);
  // Moves the lead to `stage` of `pipeline` (default: its current pipeline); not_found for an
  // unknown lead, pipeline or stage; records the change in the stage history.
  Result<leads::Lead> move(int64_t id, const std::string& stage, const std::optional<std::string>& pipeline);
  // Every stage the lead was in, oldest first, starting with where it was placed on arrival.
  std::vector<StageChange> history(int64_t id);

private:
  SQLite::Database& m_db;
  std::string m_tenant;
};

struct Placement {
  std::optional<int64_t> pipeline_id, stage_id;
  std::string pipeline, stage, status; // names and the stage's outcome; empty when none
};
// Where a new lead of a source goes: the source's stage, else the first stage of its pipeline,
// else the first stage of the tenant's first pipeline, else nowhere.
Placement resolve_placement(Store& store, const std::string& tenant, std::optional<int64_t> pipeline_id,
                            std::optional<int64_t> stage_id);

// Lead rows as read by list/find; shared by LeadRepo and tests.
leads::Lead read_lead_row(SQLite::Statement& row);

} // namespace leadhub::store
