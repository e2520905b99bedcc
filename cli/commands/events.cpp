// `leadhubctl events list | show | replay`: every delivery, whatever its outcome.
#include "cli/commands/commands.hpp"
#include "cli/ingest_runner.hpp"
#include "cli/lead_view.hpp"
#include "core/store/event_repo.hpp"

#include <memory>

namespace leadhub::cli::commands {

namespace {

struct EventOptions {
  std::string source, outcome;
  int64_t limit = 100;
  int64_t id = 0;
};

Result<void> list_events(Context& ctx, const EventOptions& o)
{
  auto store = ctx.tenant_store();
  if (!store)
    return store.error();
  store::EventFilter filter;
  filter.limit = o.limit;
  auto source_id = source_filter(ctx, o.source);
  if (!source_id)
    return source_id.error();
  filter.source_id = *source_id;
  if (!o.outcome.empty()) {
    if (!store::is_event_outcome(o.outcome))
      return fail(Errc::usage, "unknown outcome '" + o.outcome + "'",
                  "one of accepted, duplicate, ignored_inactive, rejected_signature, invalid_payload, handshake, error");
    filter.outcome = o.outcome;
  }
  auto printer = ctx.out().begin_list(k_event_keys, k_event_table_keys);
  for (const auto& e : store::EventRepo((*store)->db(), ctx.tenant()).list(filter))
    printer.add(event_row(e));
  return {};
}

Result<void> replay_event(Context& ctx, int64_t id)
{
  auto ingestor = open_ingestor(ctx);
  if (!ingestor)
    return ingestor.error();
  auto reply = (*ingestor)->replay(ctx.tenant(), id);
  if (!reply)
    return reply.error();
  if (auto bad = reply_error(*reply); !bad)
    return bad;
  auto store = ctx.tenant_store();
  if (!store)
    return store.error();
  auto replayed = store::EventRepo((*store)->db(), ctx.tenant()).find(*reply->event_id);
  if (!replayed)
    return replayed.error();
  ctx.out().item(event_row(*replayed));
  return {};
}

} // namespace

void add_events(CLI::App& app, Context& ctx)
{
  auto* events = app.add_subcommand("events", "list, show and replay delivery events");
  events->require_subcommand(1);
  auto o = std::make_shared<EventOptions>();

  auto* list = events->add_subcommand("list", "list delivery events, newest first");
  add_list_options(list, o->source, o->limit, "events");
  list->add_option("--outcome", o->outcome, "only this outcome")
      ->type_name("accepted|duplicate|ignored_inactive|rejected_signature|invalid_payload|handshake|error");
  on_run(list, ctx, [&ctx, o] { return list_events(ctx, *o); });

  auto* show = events->add_subcommand("show", "show one event with its stored request (secrets redacted)");
  show->add_option("ID", o->id, "event id")->required();
  on_run(show, ctx, [&ctx, o] { return show_by_id<store::EventRepo>(ctx, o->id, event_detail_row); });

  auto* replay = events->add_subcommand("replay", "run a stored delivery again with today's mapping");
  replay->add_option("ID", o->id, "event id")->required();
  on_run(replay, ctx, [&ctx, o] { return replay_event(ctx, o->id); });
}

} // namespace leadhub::cli::commands
