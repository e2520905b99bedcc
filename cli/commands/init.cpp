// `leadhubctl init`: create or upgrade the database and the master key, and say where they are.
#include "cli/commands/commands.hpp"
#include "core/store/maintenance.hpp"

namespace leadhub::cli::commands {

void add_init(CLI::App& app, Context& ctx)
{
  auto* cmd = app.add_subcommand("init", "create or upgrade the database and the master key");
  on_run(cmd, ctx, [&ctx]() -> Result<void> {
    auto store = ctx.store();
    if (!store)
      return store.error();
    const auto* cfg = *ctx.config();
    ctx.out().item(Row{{"database", cfg->get("db")},
                       {"schema_version", store::schema_version(**store)},
                       {"master_key", cfg->master_key_file()}});
    return {};
  });
}

} // namespace leadhub::cli::commands
