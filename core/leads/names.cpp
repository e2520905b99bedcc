#include "core/leads/names.hpp"

#include <algorithm>

namespace leadhub::leads {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// `s` trimmed, with every run of whitespace turned into one space.
std::string collapse_whitespace(std::string_view s)
{
  std::string out;
  bool pending_space = false;
  for (char c : s) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space)
      out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

} // namespace

std::pair<std::string, std::string> split_full_name(std::string_view full)
{
  std::string name = collapse_whitespace(full);
  if (std::count(name.begin(), name.end(), ',') == 1) {
    auto comma = name.find(',');
    std::string last = collapse_whitespace(std::string_view(name).substr(0, comma));
    std::string first = collapse_whitespace(std::string_view(name).substr(comma + 1));
    if (!first.empty() && !last.empty())
      return {first, last};
    // "Doe," or ", Jane": the comma carries no meaning, the one name left is a first name.
    return {first.empty() ? last : first, ""};
  }
  auto space = name.rfind(' ');
  if (space == std::string::npos)
    return {name, ""};
  return {name.substr(0, space), name.substr(space + 1)};
}

} // namespace leadhub::leads
