// What every leadhubctl command works with: the global options, the config, the opened store, the
// tenant and the output, each made on first use; and the result the command leaves behind.
#pragma once

#include "cli/output.hpp"
#include "core/config/config.hpp"
#include "core/store/store.hpp"
#include "core/util/result.hpp"

#include <CLI/App.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace leadhub::cli {

// Filled by CLI11 from --db, --config, --tenant, --format and --json (before or after the command).
struct GlobalOptions {
  std::optional<std::string> db, config_file;
  std::string tenant = "default";
  std::string format = "table";
  bool json = false;
};

class Context {
public:
  GlobalOptions options;

  // The configuration: defaults < file < environment < flags; fails on a bad config file.
  Result<const config::Config*> config();
  // The store, created and migrated when missing; throws StoreError on a database fault.
  Result<store::Store*> store();
  // The store, after checking that the --tenant exists (not_found otherwise).
  Result<store::Store*> tenant_store();
  const std::string& tenant() const { return options.tenant; }
  // public_url from the config, without a trailing slash.
  std::string public_url();

  Format format() const;
  Output& out();
  // Prints `leadhubctl: warning: TEXT` on stderr.
  void warn(const std::string& text);

  // Records the outcome of the command that ran; main turns it into the exit code.
  void finish(Result<void> result);
  const std::optional<Error>& error() const { return m_error; }

private:
  std::optional<config::Config> m_config;
  std::unique_ptr<store::Store> m_store;
  bool m_tenant_checked = false;
  std::unique_ptr<Output> m_out;
  std::optional<Error> m_error;
};

// Makes `command` run `body` and record its result in `ctx`. Option values a body reads must
// live as long as the App: keep them in a shared_ptr the body captures.
void on_run(CLI::App* command, Context& ctx, std::function<Result<void>()> body);

// Asks a yes/no question on the terminal before something that cannot be undone. Without a
// terminal on stdin, refuses (usage) and hints at --yes; "no" gives a failure.
Result<void> confirm(const std::string& question);

} // namespace leadhub::cli
