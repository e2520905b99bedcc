// `leadhubctl config check | show`: validate the config, and show each key, its value and origin.
#include "cli/commands/commands.hpp"

#include <fmt/format.h>

#include <unistd.h>

namespace leadhub::cli::commands {

namespace {

// Checks that go beyond one key at a time.
Result<void> check_consistency(const config::Config& cfg)
{
  const auto& cert = cfg.get("tls_cert");
  const auto& key = cfg.get("tls_key");
  if (cert.empty() != key.empty())
    return fail(Errc::usage, "tls_cert and tls_key go together: set both or neither");
  for (const auto* path : {&cert, &key})
    if (!path->empty() && ::access(path->c_str(), R_OK) != 0)
      return fail(Errc::failure, fmt::format("cannot read '{}'", *path));
  return {};
}

Result<void> check(Context& ctx)
{
  auto cfg = ctx.config();
  if (!cfg)
    return cfg.error();
  if (auto r = check_consistency(**cfg); !r)
    return r;
  auto file = (*cfg)->loaded_file();
  ctx.out().changed(
      file ? fmt::format("config ok: '{}'", *file) : "config ok: no config file, defaults apply",
      Row{{"file", file ? nlohmann::ordered_json(*file) : nlohmann::ordered_json(nullptr)}, {"ok", true}});
  return {};
}

Result<void> show(Context& ctx)
{
  auto cfg = ctx.config();
  if (!cfg)
    return cfg.error();
  std::vector<Row> rows;
  for (const auto& info : config::keys()) {
    std::string key(info.name);
    const auto& v = (*cfg)->values().at(key);
    rows.push_back(Row{{"key", key},
                       {"value", key == "master_key_file" && v.value.empty() ? (*cfg)->master_key_file() : v.value},
                       {"origin", v.origin}});
  }
  for (const auto& [slug, values] : (*cfg)->providers())
    for (const auto& [key, v] : values)
      rows.push_back(Row{{"key", fmt::format("provider.{}.{}", slug, key)}, {"value", v.value}, {"origin", v.origin}});
  ctx.out().list({"key", "value", "origin"}, rows);
  return {};
}

} // namespace

void add_config(CLI::App& app, Context& ctx)
{
  auto* config = app.add_subcommand("config", "check and show the configuration");
  config->require_subcommand(1);
  on_run(config->add_subcommand("check", "validate the config file"), ctx, [&ctx] { return check(ctx); });
  on_run(config->add_subcommand("show", "show each key, its value and where it came from"), ctx,
         [&ctx] { return show(ctx); });
}

} // namespace leadhub::cli::commands
