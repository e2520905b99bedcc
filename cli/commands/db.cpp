// `leadhubctl db backup FILE | check`.
#include "cli/commands/commands.hpp"
#include "core/store/maintenance.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>

namespace leadhub::cli::commands {

namespace {

std::string check_text(const std::vector<std::string>& lines)
{
  return lines.empty() ? "ok" : fmt::format("{}", fmt::join(lines, "; "));
}

Result<void> backup(Context& ctx, const std::string& file)
{
  auto store = ctx.store();
  if (!store)
    return store.error();
  if (auto r = store::backup_database(**store, file); !r)
    return r;
  const auto* cfg = *ctx.config();
  ctx.out().changed(fmt::format("backed up '{}' to '{}'\nkeep a copy of the master key '{}' too: the secrets in the "
                                "backup open only with it",
                                cfg->get("db"), file, cfg->master_key_file()),
                    Row{{"backup", file},
                        {"database", cfg->get("db")},
                        {"schema_version", store::schema_version(**store)},
                        {"master_key", cfg->master_key_file()}});
  return {};
}

Result<void> check(Context& ctx)
{
  auto store = ctx.store();
  if (!store)
    return store.error();
  auto report = store::check_database(**store);
  ctx.out().item(Row{
      {"database", (*ctx.config())->get("db")},
      {"schema_version", store::schema_version(**store)},
      {"integrity_check",
       check_text(report.integrity == std::vector<std::string>{"ok"} ? std::vector<std::string>{} : report.integrity)},
      {"foreign_key_check", check_text(report.foreign_keys)}});
  if (!report.ok())
    return fail(Errc::failure, fmt::format("the database '{}' has problems", (*ctx.config())->get("db")),
                "restore a backup made with 'leadhubctl db backup'");
  return {};
}

} // namespace

void add_db(CLI::App& app, Context& ctx)
{
  auto* db = app.add_subcommand("db", "back up and check the database");
  db->require_subcommand(1);
  auto file = std::make_shared<std::string>();

  auto* backup_cmd = db->add_subcommand("backup", "write a consistent copy of the live database to FILE");
  backup_cmd->add_option("FILE", *file, "new file to write (never overwritten)")->required();
  on_run(backup_cmd, ctx, [&ctx, file] { return backup(ctx, *file); });

  auto* check_cmd = db->add_subcommand("check", "run SQLite's integrity and foreign key checks");
  on_run(check_cmd, ctx, [&ctx] { return check(ctx); });
}

} // namespace leadhub::cli::commands
