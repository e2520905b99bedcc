// One function per command noun; each adds its subcommands to the app. A new noun is one file in
// cli/commands/ plus one line here and one in commands.cpp.
#pragma once

#include "cli/context.hpp"

#include <CLI/App.hpp>

namespace leadhub::cli::commands {

void add_init(CLI::App& app, Context& ctx);
void add_tenant(CLI::App& app, Context& ctx);
void add_pipeline(CLI::App& app, Context& ctx);
void add_field(CLI::App& app, Context& ctx);
void add_source(CLI::App& app, Context& ctx);
void add_lead(CLI::App& app, Context& ctx);
void add_events(CLI::App& app, Context& ctx);
void add_db(CLI::App& app, Context& ctx);
void add_config(CLI::App& app, Context& ctx);
void add_completion(CLI::App& app, Context& ctx);

// Adds every noun above, in the order `leadhubctl --help` lists them.
void add_all(CLI::App& app, Context& ctx);

} // namespace leadhub::cli::commands
