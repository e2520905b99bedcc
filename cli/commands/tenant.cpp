// `leadhubctl tenant create | list | delete`.
#include "cli/commands/commands.hpp"
#include "core/store/catalog_repo.hpp"

#include <memory>

namespace leadhub::cli::commands {

namespace {

const Keys k_tenant_keys = {"id", "name", "created_at"};

Row tenant_row(const store::Tenant& t)
{
  return Row{{"id", t.id}, {"name", t.name}, {"created_at", t.created_at}};
}

struct TenantOptions {
  std::string id, name;
  bool yes = false;
};

} // namespace

void add_tenant(CLI::App& app, Context& ctx)
{
  auto* tenant = app.add_subcommand("tenant", "manage tenants (separate sets of sources, pipelines and leads)");
  tenant->require_subcommand(1);

  auto o = std::make_shared<TenantOptions>();
  auto* create = tenant->add_subcommand("create", "create a tenant");
  create->add_option("ID", o->id, "tenant id: 1 to 64 characters from a-z, 0-9, '_' and '-'")->required();
  create->add_option("--name", o->name, "display name (default: the id)");
  on_run(create, ctx, [&ctx, o]() -> Result<void> {
    auto store = ctx.store();
    if (!store)
      return store.error();
    auto t = store::TenantRepo(**store).create(o->id, o->name);
    if (!t)
      return t.error();
    ctx.out().item(tenant_row(*t));
    return {};
  });

  auto* list = tenant->add_subcommand("list", "list tenants");
  on_run(list, ctx, [&ctx]() -> Result<void> {
    auto store = ctx.store();
    if (!store)
      return store.error();
    std::vector<Row> rows;
    for (const auto& t : store::TenantRepo(**store).list())
      rows.push_back(tenant_row(t));
    ctx.out().list(k_tenant_keys, rows);
    return {};
  });

  auto* remove = tenant->add_subcommand("delete", "delete a tenant with its sources, pipelines, fields and leads");
  remove->add_option("ID", o->id, "tenant id")->required();
  remove->add_flag("--yes", o->yes, "do not ask for confirmation");
  on_run(remove, ctx, [&ctx, o]() -> Result<void> {
    auto store = ctx.store();
    if (!store)
      return store.error();
    store::TenantRepo repo(**store);
    auto t = repo.find(o->id);
    if (!t)
      return t.error();
    if (!o->yes)
      if (auto r = confirm("delete tenant '" + o->id + "' with all its sources, pipelines, fields and leads"); !r)
        return r;
    if (auto r = repo.remove(o->id); !r)
      return r;
    ctx.out().changed("deleted tenant '" + o->id + "'", tenant_row(*t));
    return {};
  });
}

} // namespace leadhub::cli::commands
