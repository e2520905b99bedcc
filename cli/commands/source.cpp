// `leadhubctl source …`: types, create, list, show, edit, activate, deactivate, delete, url,
// rotate-token; the credential and map subcommands are in source_credential.cpp and source_map.cpp.
#include "cli/commands/source.hpp"

#include "cli/source_view.hpp"
#include "core/sources/source.hpp"
#include "core/store/source_repo.hpp"

#include <fmt/format.h>

#include <memory>

namespace leadhub::cli::commands {

namespace {

struct SourceOptions {
  std::string source;
  std::optional<std::string> name, type, pipeline, stage;
  bool inactive = false, active = false, no_pipeline = false, yes = false;
};

// Prints the source a command produced, or returns the error it gave.
Result<void> print_source(Context& ctx, const Result<store::Source>& source)
{
  if (!source)
    return source.error();
  ctx.out().item(source_row(*source, ctx.public_url()));
  return {};
}

void add_types(CLI::App& source, Context& ctx)
{
  auto* cmd = source.add_subcommand("types", "the 18 source types: slug, name, auth, credential keys");
  on_run(cmd, ctx, [&ctx]() -> Result<void> {
    std::vector<Row> rows;
    for (const auto* spec : sources::all_sources()) {
      auto keys = nlohmann::ordered_json::array();
      for (auto k : spec->credential_keys)
        keys.push_back(std::string(k));
      rows.push_back(Row{{"slug", std::string(spec->slug)},
                         {"name", std::string(spec->name)},
                         {"auth", std::string(sources::to_string(spec->auth))},
                         {"credential_keys", keys}});
    }
    ctx.out().list({"slug", "name", "auth", "credential_keys"}, rows);
    return {};
  });
}

void add_create_list(CLI::App& source, Context& ctx, const std::shared_ptr<SourceOptions>& o)
{
  auto* create = source.add_subcommand("create", "create a source connection with a fresh webhook URL");
  create->add_option("--name", o->name, "connection name, unique in the tenant")->required();
  create->add_option("--type", o->type, "source type (see 'leadhubctl source types')")->required()->type_name("SLUG");
  create->add_flag("--inactive", o->inactive, "create it inactive: deliveries are logged, no lead is made");
  create->add_option("--pipeline", o->pipeline, "pipeline its leads go to")->type_name("P");
  create->add_option("--stage", o->stage, "stage of that pipeline (default: the first)")->type_name("S");
  on_run(create, ctx, [&ctx, o]() -> Result<void> {
    auto r = source_repo(ctx);
    if (!r)
      return r.error();
    return print_source(ctx, r->create(store::NewSource{*o->name, *o->type, !o->inactive, o->pipeline, o->stage}));
  });

  auto* list = source.add_subcommand("list", "list source connections");
  list->add_option("--type", o->type, "only this source type")->type_name("SLUG");
  auto* active = list->add_flag("--active", o->active, "only active connections");
  list->add_flag("--inactive", o->inactive, "only inactive connections")->excludes(active);
  on_run(list, ctx, [&ctx, o]() -> Result<void> {
    if (o->type && !sources::find_source(*o->type))
      return fail(Errc::usage, fmt::format("unknown source type '{}'", *o->type), "try 'leadhubctl source types'");
    auto r = source_repo(ctx);
    if (!r)
      return r.error();
    store::SourceFilter filter{o->type, std::nullopt};
    if (o->active || o->inactive)
      filter.active = o->active;
    auto base = ctx.public_url();
    auto printer = ctx.out().begin_list(k_source_keys, k_source_table_keys);
    r->for_each(filter, [&](const store::Source& s) { printer.add(source_row(s, base)); });
    return {};
  });
}

// The table view adds the credentials that are set; every format warns when signatures go unchecked.
Result<void> show(Context& ctx, const std::string& id_or_name)
{
  auto found = find_source(ctx, id_or_name);
  if (!found)
    return found.error();
  const auto* s = &found->source;
  auto creds = found->repo.list_credentials(s->id);
  auto row = source_row(*s, ctx.public_url());
  if (ctx.format() == Format::table) {
    std::string text;
    for (const auto& c : creds)
      text += fmt::format("{}{} (set {})", text.empty() ? "" : ", ", c.key, c.set_at);
    row["credentials"] = text.empty() ? "none" : text;
  }
  ctx.out().item(row);
  const auto* spec = sources::find_source(s->type);
  if (spec && !spec->signing_key.empty() && !spec->verify)
    ctx.warn(fmt::format("signatures are not checked for source '{}': LeadHub cannot verify {} signatures yet, "
                         "so the webhook URL's token alone admits deliveries",
                         s->name, spec->name));
  else if (spec && !spec->signing_key.empty() &&
           std::none_of(creds.begin(), creds.end(), [&](const auto& c) { return c.key == spec->signing_key; }))
    ctx.warn(fmt::format("signatures are not checked for source '{}': credential '{}' is not set "
                         "(set it with 'leadhubctl source credential set {} {}')",
                         s->name, spec->signing_key, s->id, spec->signing_key));
  return {};
}

void add_show_edit(CLI::App& source, Context& ctx, const std::shared_ptr<SourceOptions>& o)
{
  auto* show_cmd =
      add_source_subcommand(source, "show", "show one connection, its URLs and the credentials set", o->source);
  on_run(show_cmd, ctx, [&ctx, o] { return show(ctx, o->source); });

  auto* edit = add_source_subcommand(source, "edit", "rename a connection or change its pipeline and stage", o->source);
  edit->add_option("--name", o->name, "new name");
  auto* pipeline = edit->add_option("--pipeline", o->pipeline, "pipeline its leads go to")->type_name("P");
  auto* stage = edit->add_option("--stage", o->stage, "stage (default: the pipeline's first)")->type_name("S");
  edit->add_flag("--no-pipeline", o->no_pipeline, "leads go to the tenant's default pipeline")
      ->excludes(pipeline)
      ->excludes(stage);
  on_run(edit, ctx, [&ctx, o]() -> Result<void> {
    auto r = source_repo(ctx);
    if (!r)
      return r.error();
    return print_source(ctx, r->edit(o->source, store::SourceEdit{o->name, o->pipeline, o->stage, o->no_pipeline}));
  });

  for (bool active : {true, false}) {
    auto* cmd = add_source_subcommand(source, active ? "activate" : "deactivate",
                                      active ? "make leads from this connection again"
                                             : "keep logging deliveries but make no leads from them",
                                      o->source);
    on_run(cmd, ctx, [&ctx, o, active]() -> Result<void> {
      auto r = source_repo(ctx);
      if (!r)
        return r.error();
      return print_source(ctx, r->set_active(o->source, active));
    });
  }
}

void add_delete_url_rotate(CLI::App& source, Context& ctx, const std::shared_ptr<SourceOptions>& o)
{
  auto* remove = add_source_subcommand(
      source, "delete", "delete a connection with its credentials and mappings; its leads stay", o->source);
  remove->add_flag("--yes", o->yes, "do not ask for confirmation");
  on_run(remove, ctx, [&ctx, o]() -> Result<void> {
    auto found = find_source(ctx, o->source);
    if (!found)
      return found.error();
    const auto* s = &found->source;
    if (!o->yes)
      if (auto c = confirm(fmt::format("delete source '{}' (its {} leads stay)", s->name, s->leads)); !c)
        return c;
    if (auto d = found->repo.remove(std::to_string(s->id)); !d)
      return d;
    ctx.out().changed(fmt::format("deleted source '{}'", s->name), source_row(*s, ctx.public_url()));
    return {};
  });

  auto* url = add_source_subcommand(source, "url", "print the webhook URL alone, for scripts", o->source);
  on_run(url, ctx, [&ctx, o]() -> Result<void> {
    auto found = find_source(ctx, o->source);
    if (!found)
      return found.error();
    const auto* s = &found->source;
    auto base = ctx.public_url();
    auto hook = webhook_url(*s, base);
    if (!hook)
      return fail(Errc::usage, fmt::format("source '{}' has no webhook URL: its type '{}' does not receive webhooks",
                                           s->name, s->type));
    if (ctx.format() == Format::table)
      ctx.out().note(*hook);
    else
      ctx.out().item(Row{{"webhook_url", *hook}, {"form_url", source_row(*s, base)["form_url"]}});
    return {};
  });

  auto* rotate = add_source_subcommand(source, "rotate-token",
                                       "give the connection a new URL; the old one stops at once", o->source);
  on_run(rotate, ctx, [&ctx, o]() -> Result<void> {
    auto r = source_repo(ctx);
    if (!r)
      return r.error();
    return print_source(ctx, r->rotate_token(o->source));
  });
}

} // namespace

CLI::App* add_source_subcommand(CLI::App& parent, const std::string& name, const std::string& description,
                                std::string& source)
{
  auto* cmd = parent.add_subcommand(name, description);
  cmd->add_option("SOURCE", source, "a connection's id or exact name")->required();
  return cmd;
}

void add_source(CLI::App& app, Context& ctx)
{
  auto* source = app.add_subcommand("source", "manage source connections");
  source->require_subcommand(1);
  auto o = std::make_shared<SourceOptions>();
  add_types(*source, ctx);
  add_create_list(*source, ctx, o);
  add_show_edit(*source, ctx, o);
  add_delete_url_rotate(*source, ctx, o);
  add_source_credential(*source, ctx);
  add_source_map(*source, ctx);
  add_source_test(*source, ctx);
}

} // namespace leadhub::cli::commands
