// `leadhubctl source map set | unset | list`: a connection's custom field mapping.
#include "cli/commands/source.hpp"
#include "cli/source_view.hpp"
#include "core/leads/mapping.hpp"
#include "core/store/catalog_repo.hpp"

#include <fmt/format.h>

#include <memory>

namespace leadhub::cli::commands {

namespace {

struct MapOptions {
  std::string source, incoming, target;
};

Row mapping_row(const std::string& incoming, const std::string& target)
{
  return Row{{"incoming", incoming}, {"target", target}};
}

Result<void> set(Context& ctx, const MapOptions& o)
{
  auto found = find_source(ctx, o.source);
  if (!found)
    return found.error();
  auto& [repo, s] = *found;
  auto fields = store::FieldRepo(**ctx.tenant_store(), ctx.tenant()).keys();
  if (auto r = leads::validate_target(o.target, fields); !r)
    return fail(Errc::usage, r.error().message,
                r.error().hint.empty() ? "a target is a lead field or a custom field; try 'leadhubctl field list'"
                                       : r.error().hint);
  if (auto r = repo.set_mapping(s.id, o.incoming, o.target); !r)
    return r;
  ctx.out().item(mapping_row(o.incoming, o.target));
  return {};
}

Result<void> unset(Context& ctx, const MapOptions& o)
{
  auto found = find_source(ctx, o.source);
  if (!found)
    return found.error();
  auto& [repo, s] = *found;
  std::string target;
  for (const auto& m : repo.mappings(s.id))
    if (m.incoming == o.incoming)
      target = m.target;
  if (auto r = repo.unset_mapping(s.id, o.incoming); !r)
    return r;
  ctx.out().changed(fmt::format("mapping of '{}' removed from source '{}'", o.incoming, s.name),
                    mapping_row(o.incoming, target));
  return {};
}

Result<void> list(Context& ctx, const MapOptions& o)
{
  auto found = find_source(ctx, o.source);
  if (!found)
    return found.error();
  auto& [repo, s] = *found;
  std::vector<Row> rows;
  for (const auto& m : repo.mappings(s.id))
    rows.push_back(mapping_row(m.incoming, m.target));
  ctx.out().list({"incoming", "target"}, rows);
  return {};
}

} // namespace

void add_source_map(CLI::App& source, Context& ctx)
{
  auto* map = source.add_subcommand("map", "map a platform's incoming field names to lead fields");
  map->require_subcommand(1);
  auto o = std::make_shared<MapOptions>();

  auto* set_cmd =
      add_source_subcommand(*map, "set", "map INCOMING to LEAD_FIELD (a lead field or a custom field key)", o->source);
  set_cmd->add_option("INCOMING", o->incoming, "the platform's field name")->required();
  set_cmd->add_option("LEAD_FIELD", o->target, "first_name, email, …, full_name, or a custom field key")->required();
  on_run(set_cmd, ctx, [&ctx, o] { return set(ctx, *o); });

  auto* unset_cmd = add_source_subcommand(*map, "unset", "remove the mapping of INCOMING", o->source);
  unset_cmd->add_option("INCOMING", o->incoming, "the platform's field name")->required();
  on_run(unset_cmd, ctx, [&ctx, o] { return unset(ctx, *o); });

  auto* list_cmd = add_source_subcommand(*map, "list", "list the connection's custom mappings", o->source);
  on_run(list_cmd, ctx, [&ctx, o] { return list(ctx, *o); });
}

} // namespace leadhub::cli::commands
