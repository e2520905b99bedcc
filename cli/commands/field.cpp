// `leadhubctl field create | list | delete`: the tenant's custom lead fields.
#include "cli/commands/commands.hpp"
#include "core/store/catalog_repo.hpp"

#include <memory>

namespace leadhub::cli::commands {

namespace {

const Keys k_field_keys = {"key", "label", "type", "created_at"};

Row field_row(const store::CustomField& f)
{
  return Row{{"key", f.key}, {"label", f.label}, {"type", f.type}, {"created_at", f.created_at}};
}

struct FieldOptions {
  std::string key, label, type = "text";
};

} // namespace

void add_field(CLI::App& app, Context& ctx)
{
  auto* field = app.add_subcommand("field", "manage custom lead fields");
  field->require_subcommand(1);
  auto o = std::make_shared<FieldOptions>();

  auto* create = field->add_subcommand("create", "create a custom field");
  create->add_option("KEY", o->key, "field key: a-z first, then a-z, 0-9 and '_'")->required();
  create->add_option("--label", o->label, "display label (default: the key)");
  create->add_option("--type", o->type, "value type")->type_name("text|number|date|bool")->capture_default_str();
  on_run(create, ctx, [&ctx, o]() -> Result<void> {
    auto store = ctx.tenant_store();
    if (!store)
      return store.error();
    auto f = store::FieldRepo(**store, ctx.tenant()).create(o->key, o->label, o->type);
    if (!f)
      return f.error();
    ctx.out().item(field_row(*f));
    return {};
  });

  auto* list = field->add_subcommand("list", "list custom fields");
  on_run(list, ctx, [&ctx]() -> Result<void> {
    auto store = ctx.tenant_store();
    if (!store)
      return store.error();
    std::vector<Row> rows;
    for (const auto& f : store::FieldRepo(**store, ctx.tenant()).list())
      rows.push_back(field_row(f));
    ctx.out().list(k_field_keys, rows);
    return {};
  });

  auto* remove = field->add_subcommand("delete", "delete a custom field (refused while a mapping targets it)");
  remove->add_option("KEY", o->key, "field key")->required();
  on_run(remove, ctx, [&ctx, o]() -> Result<void> {
    auto store = ctx.tenant_store();
    if (!store)
      return store.error();
    store::FieldRepo repo(**store, ctx.tenant());
    std::optional<store::CustomField> found;
    for (auto& f : repo.list())
      if (f.key == o->key)
        found = f;
    if (auto r = repo.remove(o->key); !r)
      return r;
    ctx.out().changed("deleted field '" + o->key + "'", field_row(*found));
    return {};
  });
}

} // namespace leadhub::cli::commands
