// The config as leadhubd sees it (file, environment, then flags) and SIGHUP's reload of it.
#pragma once

#include "core/config/config.hpp"
#include "daemon/daemon.hpp"
#include "daemon/logging.hpp"
#include "daemon/routes.hpp"

namespace leadhub::daemon {

// What a reload reads and changes.
struct DaemonState {
  const DaemonOptions& options;
  config::Config config;
  Logger& logger;
  RouteContext& routes;
};

// Defaults < config file < LEADHUB_DB < --db/--listen flags; fails with Errc::usage for a bad
// flag and Errc::failure for a bad file.
Result<config::Config> load_daemon_config(const DaemonOptions& options);

// Reads the config again and applies what can change while running: log_level, log_format and
// max_body_bytes. Changes to other keys are logged as needing a restart. A config that does not
// load leaves everything as it was.
void reload(DaemonState& state);

} // namespace leadhub::daemon
