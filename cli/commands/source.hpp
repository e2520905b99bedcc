// The parts of `leadhubctl source` that live in files of their own.
#pragma once

#include "cli/context.hpp"

#include <CLI/App.hpp>

#include <string>

namespace leadhub::cli::commands {

// A subcommand of `parent` whose first argument is SOURCE, stored in `source`.
CLI::App* add_source_subcommand(CLI::App& parent, const std::string& name, const std::string& description,
                                std::string& source);

// `source credential set | list | unset`.
void add_source_credential(CLI::App& source, Context& ctx);
// `source map set | unset | list`.
void add_source_map(CLI::App& source, Context& ctx);
// `source test SOURCE [--payload FILE]`.
void add_source_test(CLI::App& source, Context& ctx);

} // namespace leadhub::cli::commands
