#include "daemon/reload.hpp"

#include "daemon/http_server.hpp"
#include "daemon/systemd.hpp"

#include <array>
#include <string_view>

namespace leadhub::daemon {

namespace {

// Keys that take effect without a restart.
constexpr std::array<std::string_view, 3> k_live_keys = {"log_level", "log_format", "max_body_bytes"};

bool is_live(std::string_view key)
{
  for (auto k : k_live_keys)
    if (k == key)
      return true;
  return false;
}

} // namespace

Result<config::Config> load_daemon_config(const DaemonOptions& options)
{
  auto config = config::load(options.config_path);
  if (!config) // a bad file is a failure to start, not a usage error (exit 1, not 2)
    return fail(Errc::failure, config.error().message, config.error().hint);
  if (options.db)
    if (auto r = config->set("db", *options.db, "flag --db"); !r)
      return fail(Errc::usage, r.error().message);
  if (options.listen) {
    if (auto r = config->set("listen", *options.listen, "flag --listen"); !r)
      return fail(Errc::usage, r.error().message);
  }
  if (auto listen = parse_listen(config->get("listen")); !listen)
    return fail(options.listen ? Errc::usage : Errc::failure, listen.error().message);
  return config;
}

void reload(DaemonState& state)
{
  systemd::notify_reloading();
  auto fresh = load_daemon_config(state.options);
  if (!fresh) {
    state.logger.error("config.reload_failed", {{"error", fresh.error().message}, {"kept", "previous config"}});
    systemd::notify_ready("reload failed; previous config kept");
    return;
  }
  std::string restart;
  for (const auto& [key, value] : fresh->values()) {
    if (state.config.get(key) == value.value || is_live(key))
      continue;
    restart += restart.empty() ? key : "," + key;
  }
  state.logger.set_level(*parse_level(fresh->get("log_level")));
  state.logger.set_format(fresh->get("log_format") == "json" ? LogFormat::json : LogFormat::text);
  state.routes.max_body_bytes = fresh->get_int("max_body_bytes");
  state.logger.lifecycle("config.reloaded", {{"file", fresh->loaded_file().value_or("-")},
                                             {"log_level", fresh->get("log_level")},
                                             {"log_format", fresh->get("log_format")},
                                             {"max_body_bytes", fresh->get_int("max_body_bytes")}});
  if (!restart.empty())
    state.logger.warn("config.restart_required", {{"keys", restart}});
  // Keep the running values of restart-only keys, so that the next reload compares against them.
  for (const auto& k : k_live_keys)
    (void)state.config.set(k, fresh->get(k), fresh->values().at(std::string(k)).origin);
  systemd::notify_ready("config reloaded");
}

} // namespace leadhub::daemon
