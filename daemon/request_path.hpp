// Splitting request paths into their segments, and building the paths leadhubd serves.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadhub::daemon {

// The `count` non-empty segments after `prefix` ("/forms/" + "t/x" -> {"t", "x"}); nullopt when
// the path does not start with `prefix` or has another number of segments.
std::optional<std::vector<std::string>> match_path(std::string_view path, std::string_view prefix, size_t count);

// "/webhook/inbound/{tenant}/{type}/{token}".
std::string webhook_path(std::string_view tenant, std::string_view type, std::string_view token);
// "/forms/{tenant}/{token}".
std::string form_path(std::string_view tenant, std::string_view token);

} // namespace leadhub::daemon
