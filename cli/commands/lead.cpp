// `leadhubctl lead list | show | move`: the leads every channel created.
#include "cli/commands/commands.hpp"
#include "cli/lead_view.hpp"
#include "core/store/lead_repo.hpp"
#include "core/util/time.hpp"

#include <memory>

namespace leadhub::cli::commands {

namespace {

struct LeadOptions {
  std::string source, since, until, stage, pipeline;
  int64_t limit = 100;
  int64_t id = 0;
};

// `--since`/`--until` as ISO 8601 UTC text; a date, a date and time, or a Unix time.
Result<std::optional<std::string>> time_option(const std::string& flag, const std::string& value)
{
  if (value.empty())
    return std::optional<std::string>();
  auto t = util::parse_time(value);
  if (!t)
    return fail(Errc::usage, flag + " '" + value + "' is not a time", "use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
  return std::optional<std::string>(util::iso8601(*t));
}

Result<void> list_leads(Context& ctx, const LeadOptions& o)
{
  auto store = ctx.tenant_store();
  if (!store)
    return store.error();
  store::LeadFilter filter;
  filter.limit = o.limit;
  auto source_id = source_filter(ctx, o.source);
  if (!source_id)
    return source_id.error();
  filter.source_id = *source_id;
  auto since = time_option("--since", o.since);
  auto until = time_option("--until", o.until);
  if (!since)
    return since.error();
  if (!until)
    return until.error();
  filter.since = *since;
  filter.until = *until;
  auto printer = ctx.out().begin_list(k_lead_keys, k_lead_table_keys);
  for (const auto& lead : store::LeadRepo((*store)->db(), ctx.tenant()).list(filter))
    printer.add(lead_row(lead));
  return {};
}

} // namespace

void add_lead(CLI::App& app, Context& ctx)
{
  auto* lead = app.add_subcommand("lead", "list, show and move leads");
  lead->require_subcommand(1);
  auto o = std::make_shared<LeadOptions>();

  auto* list = lead->add_subcommand("list", "list leads, newest first");
  add_list_options(list, o->source, o->limit, "leads");
  list->add_option("--since", o->since, "received at or after this time (YYYY-MM-DD[THH:MM:SSZ])");
  list->add_option("--until", o->until, "received before this time");
  on_run(list, ctx, [&ctx, o] { return list_leads(ctx, *o); });

  auto* show = lead->add_subcommand("show", "show one lead");
  show->add_option("ID", o->id, "lead id")->required();
  on_run(show, ctx, [&ctx, o] { return show_by_id<store::LeadRepo>(ctx, o->id, lead_row); });

  auto* move = lead->add_subcommand("move", "move a lead to another stage (and pipeline)");
  move->add_option("ID", o->id, "lead id")->required();
  move->add_option("--stage", o->stage, "the stage's name")->required();
  move->add_option("--pipeline", o->pipeline, "the pipeline's name (default: the lead's own)");
  on_run(move, ctx, [&ctx, o]() -> Result<void> {
    auto store = ctx.tenant_store();
    if (!store)
      return store.error();
    std::optional<std::string> pipeline;
    if (!o->pipeline.empty())
      pipeline = o->pipeline;
    auto moved = store::LeadRepo((*store)->db(), ctx.tenant()).move(o->id, o->stage, pipeline);
    if (!moved)
      return moved.error();
    ctx.out().item(lead_row(*moved));
    return {};
  });
}

} // namespace leadhub::cli::commands
