// `leadhubctl pipeline create | list | show | delete`.
#include "cli/commands/commands.hpp"
#include "core/store/catalog_repo.hpp"

#include <memory>

namespace leadhub::cli::commands {

namespace {

const Keys k_pipeline_keys = {"id", "name", "stages", "created_at"};

Row pipeline_row(const store::Pipeline& p)
{
  auto stages = nlohmann::ordered_json::array();
  for (const auto& s : p.stages)
    stages.push_back({{"name", s.name}, {"outcome", s.outcome}});
  return Row{{"id", p.id}, {"name", p.name}, {"stages", stages}, {"created_at", p.created_at}};
}

struct PipelineOptions {
  std::string name, stages;
};

} // namespace

void add_pipeline(CLI::App& app, Context& ctx)
{
  auto* pipeline = app.add_subcommand("pipeline", "manage pipelines and their ordered stages");
  pipeline->require_subcommand(1);
  auto o = std::make_shared<PipelineOptions>();

  auto* create = pipeline->add_subcommand("create", "create a pipeline");
  create->add_option("NAME", o->name, "pipeline name")->required();
  create->add_option("--stages", o->stages, "ordered stages, each NAME or NAME:open|won|lost")
      ->required()
      ->type_name("\"New,Contacted,Won:won,Lost:lost\"");
  on_run(create, ctx, [&ctx, o]() -> Result<void> {
    auto store = ctx.tenant_store();
    if (!store)
      return store.error();
    auto p = store::PipelineRepo(**store, ctx.tenant()).create(o->name, o->stages);
    if (!p)
      return p.error();
    ctx.out().item(pipeline_row(*p));
    return {};
  });

  auto* list = pipeline->add_subcommand("list", "list pipelines");
  on_run(list, ctx, [&ctx]() -> Result<void> {
    auto store = ctx.tenant_store();
    if (!store)
      return store.error();
    std::vector<Row> rows;
    for (const auto& p : store::PipelineRepo(**store, ctx.tenant()).list())
      rows.push_back(pipeline_row(p));
    ctx.out().list(k_pipeline_keys, rows);
    return {};
  });

  auto* show = pipeline->add_subcommand("show", "show a pipeline and its stages");
  show->add_option("NAME", o->name, "pipeline name")->required();
  on_run(show, ctx, [&ctx, o]() -> Result<void> {
    auto store = ctx.tenant_store();
    if (!store)
      return store.error();
    auto p = store::PipelineRepo(**store, ctx.tenant()).find(o->name);
    if (!p)
      return p.error();
    ctx.out().item(pipeline_row(*p));
    return {};
  });

  auto* remove = pipeline->add_subcommand("delete", "delete a pipeline; its sources and leads keep no pipeline");
  remove->add_option("NAME", o->name, "pipeline name")->required();
  on_run(remove, ctx, [&ctx, o]() -> Result<void> {
    auto store = ctx.tenant_store();
    if (!store)
      return store.error();
    store::PipelineRepo repo(**store, ctx.tenant());
    auto p = repo.find(o->name);
    if (!p)
      return p.error();
    if (auto r = repo.remove(o->name); !r)
      return r;
    ctx.out().changed("deleted pipeline '" + o->name + "'", pipeline_row(*p));
    return {};
  });
}

} // namespace leadhub::cli::commands
