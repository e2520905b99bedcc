#include "core/util/strings.hpp"

#include <simdjson.h>

#include <cctype>

namespace leadhub::util {

std::string_view trim(std::string_view s)
{
  const char* ws = " \t\r\n\f\v";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos)
    return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

std::string to_lower(std::string_view s)
{
  std::string out(s);
  for (auto& c : out)
    c = ascii_lower(c);
  return out;
}

std::vector<std::string> split(std::string_view s, char sep)
{
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    auto pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos)
      return out;
    start = pos + 1;
  }
}

bool equals_ci(std::string_view a, std::string_view b)
{
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i]))
      return false;
  return true;
}

bool starts_with_ci(std::string_view s, std::string_view prefix)
{
  return s.size() >= prefix.size() && equals_ci(s.substr(0, prefix.size()), prefix);
}

namespace {
int hex_value(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}
} // namespace

std::string url_decode(std::string_view s, bool plus_is_space)
{
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string url_encode(std::string_view s)
{
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string to_hex(std::string_view bytes)
{
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

bool is_utf8(std::string_view s)
{
  // RFC 3629 (no overlong forms, no surrogates, nothing past U+10FFFF), checked with SIMD: every
  // body and every stored string passes through here. Most are short and ASCII, which a plain scan
  // settles sooner than a call into simdjson.
  if (s.size() <= 64) {
    unsigned char high = 0;
    for (char c : s)
      high |= static_cast<unsigned char>(c);
    if (high < 0x80)
      return true;
  }
  return simdjson::validate_utf8(s.data(), s.size());
}

} // namespace leadhub::util
