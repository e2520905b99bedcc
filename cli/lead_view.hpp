// How leads and delivery events read in leadhubctl: the DESIGN.md keys, rendered from one row.
#pragma once

#include "cli/output.hpp"
#include "core/leads/lead.hpp"
#include "core/store/event_repo.hpp"

namespace leadhub::cli {

// id, source_id, source_name, source_type, external_id, first_name … notes, custom, extra,
// pipeline, stage, status, test, received_at.
extern const Keys k_lead_keys;
extern const Keys k_lead_table_keys;
Row lead_row(const leads::Lead& lead);

// id, source_id, source_type, received_at, channel, outcome, http_status, lead_ids, detail.
extern const Keys k_event_keys;
extern const Keys k_event_table_keys;
Row event_row(const store::Event& event);
// The row plus the stored request: method, content_type, headers (secrets redacted) and body
// (text when it is UTF-8, else base64 with body_encoding "base64").
Row event_detail_row(const store::Event& event);

} // namespace leadhub::cli
