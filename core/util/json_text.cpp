#include "core/util/json_text.hpp"

#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

namespace leadhub::util {

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
