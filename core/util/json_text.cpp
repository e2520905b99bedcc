#include "core/util/json_text.hpp"

#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>

namespace leadhub::util {

namespace {

// True when none of the 8 bytes at `p` needs an escape: no control byte, '"' or '\\'. (Each test
// flags the lowest byte it is looking for exactly; a flag above it may be spurious, which only
// sends those 8 bytes the slow way.)
bool plain8(const char* p)
{
  constexpr uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  uint64_t v;
  std::memcpy(&v, p, 8);
  uint64_t control = (v - 0x20 * ones) & ~v & highs;
  uint64_t q = v ^ (0x22 * ones), b = v ^ (0x5c * ones);
  uint64_t quote = (q - ones) & ~q & highs, backslash = (b - ones) & ~b & highs;
  return (control | quote | backslash) == 0;
}

} // namespace

void append_json_string(std::string& out, std::string_view s)
{
  if (!is_utf8(s)) {
    out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  static constexpr char k_hex[] = "0123456789abcdef";
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  size_t plain = 0; // start of the run of bytes that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    while (i + 8 <= s.size() && plain8(s.data() + i))
      i += 8;
    if (i == s.size())
      break;
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      out += "\\u00";
      out += k_hex[c >> 4];
      out += k_hex[c & 0xf];
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

std::string json_object(const std::map<std::string, std::string>& members)
{
  std::string out = "{";
  for (const auto& [key, value] : members) {
    if (out.size() > 1)
      out += ',';
    append_json_string(out, key);
    out += ':';
    append_json_string(out, value);
  }
  out += '}';
  return out;
}

std::string json_array(const std::vector<int64_t>& values)
{
  std::string out = "[";
  for (auto v : values) {
    if (out.size() > 1)
      out += ',';
    out += std::to_string(v);
  }
  out += ']';
  return out;
}

} // namespace leadhub::util
