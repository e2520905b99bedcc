// The name rules of DESIGN.md: splitting a full or display name into first and last name.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace leadhub::leads {

// {first, last}: `Mary Ann O'Neill` -> {"Mary Ann", "O'Neill"}; `Doe, Jane` -> {"Jane", "Doe"};
// a single token goes to first name.
std::pair<std::string, std::string> split_full_name(std::string_view full);

} // namespace leadhub::leads
