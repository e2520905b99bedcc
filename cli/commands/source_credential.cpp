// `leadhubctl source credential set | list | unset`: values come from stdin or a file and are
// never printed.
#include "cli/commands/source.hpp"
#include "cli/secret_input.hpp"
#include "cli/source_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

namespace leadhub::cli::commands {

namespace {

struct CredentialOptions {
  std::string source, key;
  std::optional<std::string> from_file;
};

Row credential_row(const store::CredentialInfo& c)
{
  return Row{{"key", c.key}, {"set_at", c.set_at}};
}

std::optional<store::CredentialInfo> credential_info(store::SourceRepo& repo, int64_t source_id, const std::string& key)
{
  auto all = repo.list_credentials(source_id);
  auto it = std::find_if(all.begin(), all.end(), [&](const auto& c) { return c.key == key; });
  return it == all.end() ? std::nullopt : std::optional(*it);
}

Result<void> set(Context& ctx, const CredentialOptions& o)
{
  auto found = find_source(ctx, o.source);
  if (!found)
    return found.error();
  auto& [repo, s] = *found;
  // Refuse an unknown key before asking for a value.
  if (auto r = store::check_credential_key(s.type, o.key); !r)
    return r;
  auto value = read_secret(fmt::format("credential '{}' of source '{}'", o.key, s.name), o.from_file);
  if (!value)
    return value.error();
  if (auto r = repo.set_credential(s.id, o.key, *value); !r)
    return r;
  ctx.out().changed(fmt::format("credential '{}' set on source '{}'", o.key, s.name),
                    credential_row(*credential_info(repo, s.id, o.key)));
  return {};
}

Result<void> list(Context& ctx, const CredentialOptions& o)
{
  auto found = find_source(ctx, o.source);
  if (!found)
    return found.error();
  auto& [repo, s] = *found;
  std::vector<Row> rows;
  for (const auto& c : repo.list_credentials(s.id))
    rows.push_back(credential_row(c));
  ctx.out().list({"key", "set_at"}, rows);
  return {};
}

Result<void> unset(Context& ctx, const CredentialOptions& o)
{
  auto found = find_source(ctx, o.source);
  if (!found)
    return found.error();
  auto& [repo, s] = *found;
  auto before = credential_info(repo, s.id, o.key);
  if (auto r = repo.unset_credential(s.id, o.key); !r)
    return r;
  ctx.out().changed(fmt::format("credential '{}' removed from source '{}'", o.key, s.name), credential_row(*before));
  return {};
}

} // namespace

void add_source_credential(CLI::App& source, Context& ctx)
{
  auto* credential = source.add_subcommand("credential", "manage a connection's secrets (stored encrypted)");
  credential->require_subcommand(1);
  auto o = std::make_shared<CredentialOptions>();

  auto* set_cmd = add_source_subcommand(*credential, "set",
                                        "set a credential; the value is read from stdin unless --from-file", o->source);
  set_cmd->add_option("KEY", o->key, "credential key (see 'leadhubctl source types')")->required();
  set_cmd->add_option("--from-file", o->from_file, "read the value from this file")->type_name("F");
  on_run(set_cmd, ctx, [&ctx, o] { return set(ctx, *o); });

  auto* list_cmd =
      add_source_subcommand(*credential, "list", "list the keys set and when; never the values", o->source);
  on_run(list_cmd, ctx, [&ctx, o] { return list(ctx, *o); });

  auto* unset_cmd = add_source_subcommand(*credential, "unset", "remove a credential", o->source);
  unset_cmd->add_option("KEY", o->key, "credential key")->required();
  on_run(unset_cmd, ctx, [&ctx, o] { return unset(ctx, *o); });
}

} // namespace leadhub::cli::commands
