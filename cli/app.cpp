#include "cli/app.hpp"

#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "core/store/database.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace leadhub::cli {

namespace {

void add_global_options(CLI::App& app, GlobalOptions& o)
{
  app.add_option("--db", o.db, "SQLite database file (env LEADHUB_DB)")->type_name("PATH");
  app.add_option("--config", o.config_file,
                 "config file (env LEADHUB_CONFIG; default /etc/leadhub/leadhub.conf when it exists)")
      ->type_name("PATH");
  app.add_option("--tenant", o.tenant, "tenant id")->envname("LEADHUB_TENANT")->type_name("ID")->capture_default_str();
  app.add_option("--format", o.format, "output format")
      ->check(CLI::IsMember({"table", "json", "csv"}).description(""))
      ->type_name("table|json|csv")
      ->capture_default_str();
  app.add_flag("--json", o.json, "short for --format json");
}

int exit_code(Errc code)
{
  switch (code) {
  case Errc::usage:
  case Errc::not_found:
  case Errc::conflict:
    return static_cast<int>(code);
  default:
    return 1;
  }
}

// `leadhubctl: error: MESSAGE (try …)`, or a second `hint:` line for a longer hint.
void print_error(const Error& e)
{
  std::cerr << "leadhubctl: error: " << e.message;
  if (e.hint.starts_with("try "))
    std::cerr << " (" << e.hint << ")";
  else if (!e.hint.empty())
    std::cerr << "\nleadhubctl: hint: " << e.hint;
  std::cerr << '\n';
}

// "leadhubctl source create": the path of the deepest command the parser reached.
std::string command_path(const CLI::App& app)
{
  std::string path = app.get_name();
  const CLI::App* cur = &app;
  while (!cur->get_subcommands().empty()) {
    cur = cur->get_subcommands().front();
    path += " " + cur->get_name();
  }
  return path;
}

Error usage_error(const CLI::App& app, const CLI::ParseError& e)
{
  std::string message = e.what();
  // CLI11 reports a mistyped command as "a subcommand is required"; name the word instead.
  // (A stray word falls through to the top, so look at what is left over anywhere.)
  if (auto left = app.remaining(true); dynamic_cast<const CLI::RequiredError*>(&e) && !left.empty())
    message = "unknown command '" + left.front() + "'";
  if (!message.empty())
    message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  return make_error(Errc::usage, message, "run '" + command_path(app) + " --help'");
}

} // namespace

int run(int argc, char** argv)
{
  std::ios::sync_with_stdio(false); // stdout carries whole lists; C stdio is not used
  Context ctx;
  CLI::App app{"Administer LeadHub: source connections, pipelines, fields and the database.", "leadhubctl"};
  app.fallthrough(); // global options also after the command; inherited by every subcommand
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(LEADHUB_VERSION));
  app.footer("Global options may stand before or after the command. Exit codes: 0 success, 1 failure,\n"
             "2 usage error, 3 not found, 4 conflict.");
  add_global_options(app, ctx.options);
  commands::add_all(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
      return app.exit(e); // --help and --version print to stdout
    print_error(usage_error(app, e));
    return 2;
  } catch (const store::StoreError& e) {
    std::string hint = e.kind() == store::StoreError::Kind::busy ? "another program holds the database; try again" : "";
    print_error(make_error(Errc::failure, e.what(), hint));
    return 1;
  } catch (const std::exception& e) {
    print_error(make_error(Errc::failure, e.what()));
    return 1;
  }
  if (const auto& error = ctx.error()) {
    print_error(*error);
    return exit_code(error->code);
  }
  return 0;
}

} // namespace leadhub::cli
