// Small string helpers that know nothing of leads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace leadhub::util {

std::string_view trim(std::string_view s);
// ASCII case folding (what std::tolower does in the "C" locale, without a call per byte): header
// and field names are compared this way on every delivery.
constexpr char ascii_lower(char c)
{
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
std::string to_lower(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
bool starts_with_ci(std::string_view s, std::string_view prefix);
bool equals_ci(std::string_view a, std::string_view b);
// Percent-decodes `s`; `+` becomes a space when `plus_is_space`.
std::string url_decode(std::string_view s, bool plus_is_space = true);
std::string url_encode(std::string_view s);
std::string to_hex(std::string_view bytes);
// Whether `s` is valid UTF-8.
bool is_utf8(std::string_view s);

} // namespace leadhub::util
