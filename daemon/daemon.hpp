// leadhubd's life: load the config, open the store, serve HTTP, answer signals, drain on stop.
#pragma once

#include <optional>
#include <string>

namespace leadhub::daemon {

struct DaemonOptions {
  std::optional<std::string> config_path; // --config
  std::optional<std::string> db;          // --db, over the config file
  std::optional<std::string> listen;      // --listen, over the config file
};

// Runs until SIGTERM or SIGINT; the process exit code: 0 after a clean drain, 1 when the daemon
// could not start (bad config file, database, key, address) or its server failed, 2 for a bad flag.
int run(const DaemonOptions& options);

} // namespace leadhub::daemon
