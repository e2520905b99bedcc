// How leads and delivery events read in leadhubctl: the DESIGN.md keys, rendered from one row.
#pragma once

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/leads/lead.hpp"
#include "core/store/event_repo.hpp"

#include <CLI/App.hpp>

#include <cstdint>
#include <optional>
#include <string>

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

// The `--source SOURCE` and `--limit N` options of `lead list` and `events list`.
void add_list_options(CLI::App* list, std::string& source, int64_t& limit, const std::string& what);
// The id of the source `--source` names, nullopt when it was not given; not_found for a bad one.
Result<std::optional<int64_t>> source_filter(Context& ctx, const std::string& source);

// `show ID` for a tenant-scoped repository (LeadRepo, EventRepo): prints `to_row(item)`.
template <class Repo, class ToRow> Result<void> show_by_id(Context& ctx, int64_t id, ToRow to_row)
{
  auto store = ctx.tenant_store();
  if (!store)
    return store.error();
  auto found = Repo((*store)->db(), ctx.tenant()).find(id);
  if (!found)
    return found.error();
  ctx.out().item(to_row(*found));
  return {};
}

} // namespace leadhub::cli
