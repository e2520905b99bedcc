// Reading a secret value without it ever touching argv: from a file, a pipe, or a silent prompt.
#pragma once

#include "core/util/result.hpp"

#include <optional>
#include <string>

namespace leadhub::cli {

// The value from `from_file`, else stdin (on a terminal: a prompt with echo off), with one
// trailing newline removed. Fails with usage when the value is empty, failure when unreadable.
Result<std::string> read_secret(const std::string& what, const std::optional<std::string>& from_file);

} // namespace leadhub::cli
