// How a source connection reads in leadhubctl: the DESIGN.md keys, its URLs, and lookup by SOURCE.
#pragma once

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/store/source_repo.hpp"
#include "core/store/types.hpp"

#include <optional>
#include <string>

namespace leadhub::cli {

// id, name, type, type_name, auth, active, webhook_url, form_url, pipeline, stage, oauth_status,
// leads, last_lead_at, created_at, updated_at.
extern const Keys k_source_keys;
// The columns of `source list` as a table.
extern const Keys k_source_table_keys;

// `{public_url}/webhook/inbound/{tenant}/{type}/{token}`; nullopt for a type without webhooks.
std::optional<std::string> webhook_url(const store::Source& source, const std::string& public_url);
// `{public_url}/forms/{tenant}/{token}` for a web form; nullopt for every other type.
std::optional<std::string> form_url(const store::Source& source, const std::string& public_url);

Row source_row(const store::Source& source, const std::string& public_url);

// The --tenant's source repository (opening the store and checking that the tenant exists).
Result<store::SourceRepo> source_repo(Context& ctx);

// The source SOURCE names (numeric id or exact name) in the --tenant, with the repository it came
// from; not_found with a hint.
struct SourceHandle {
  store::SourceRepo repo;
  store::Source source;
};
Result<SourceHandle> find_source(Context& ctx, const std::string& id_or_name);

} // namespace leadhub::cli
