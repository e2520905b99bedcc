// leadhubd: the LeadHub daemon. Options here; everything else in daemon/daemon.cpp.
#include "daemon/daemon.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

int main(int argc, char** argv)
{
  leadhub::daemon::DaemonOptions options;
  CLI::App app{"leadhubd: receives lead webhooks and serves hosted web forms"};
  app.name("leadhubd");
  app.set_version_flag("--version", "leadhubd " LEADHUB_VERSION);
  app.add_option_function<std::string>(
      "--config", [&](const std::string& v) { options.config_path = v; },
      "config file (default: $LEADHUB_CONFIG, else /etc/leadhub/leadhub.conf when it exists)");
  app.add_option_function<std::string>(
      "--db", [&](const std::string& v) { options.db = v; },
      "SQLite database file (over the config's db and $LEADHUB_DB)");
  app.add_option_function<std::string>(
      "--listen", [&](const std::string& v) { options.listen = v; },
      "HOST:PORT to listen on; port 0 picks a free port (logged)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0)
      return app.exit(e);
    std::fprintf(stderr, "leadhubd: error: %s (try 'leadhubd --help')\n", e.what());
    return 2;
  }
  return leadhub::daemon::run(options);
}
