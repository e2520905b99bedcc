// Wall-clock helpers: ISO 8601 UTC text and an injectable clock.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace leadhub::util {

// Seconds since the Unix epoch; tests replace it to control time.
using Clock = std::function<int64_t()>;
int64_t system_now();

// `2026-11-26T20:00:00Z` for a Unix time.
std::string iso8601(int64_t unix_seconds);
std::string now_iso8601();

// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]Z` or a Unix time; nullopt when it is none of them.
std::optional<int64_t> parse_time(std::string_view text);

} // namespace leadhub::util
