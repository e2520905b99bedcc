#include "core/sources/common/json_fields.hpp"

#include <algorithm>

namespace leadhub::sources::common {

namespace {

// The deepest nesting of arrays and objects, counted outside strings; stops early past `limit`.
int nesting_depth(std::string_view text, int limit)
{
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size() && deepest <= limit; ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

bool is_scalar(const Json& value) { return !value.is_structured() && !value.is_null(); }

void flatten_into(const Json& value, const std::string& path, Fields& out)
{
  auto child = [&](const std::string& key) { return path.empty() ? key : path + "." + key; };
  if (value.is_object()) {
    for (const auto& [key, member] : value.items())
      flatten_into(member, child(key), out);
  } else if (value.is_array()) {
    if (!value.empty() && std::all_of(value.begin(), value.end(), is_scalar)) {
      std::string joined;
      for (const auto& element : value)
        joined += (joined.empty() ? "" : ", ") + json_text(element);
      out.emplace_back(path, joined);
      return;
    }
    for (size_t i = 0; i < value.size(); ++i)
      flatten_into(value[i], child(std::to_string(i)), out);
  } else if (!value.is_null()) {
    out.emplace_back(path, json_text(value));
  }
}

} // namespace

Result<Json> parse_json(std::string_view body)
{
  if (nesting_depth(body, k_max_json_depth) > k_max_json_depth)
    return fail(Errc::invalid, "JSON body nests deeper than " + std::to_string(k_max_json_depth) + " levels");
  try {
    return Json::parse(body);
  } catch (const Json::exception& e) {
    // nlohmann's text names the byte and the cause, e.g. "syntax error while parsing value - …".
    std::string what = e.what();
    auto detail = what.find("] ");
    return fail(Errc::invalid, "JSON body is malformed: " + what.substr(detail == std::string::npos ? 0 : detail + 2));
  }
}

Result<Json> parse_json_object(std::string_view body)
{
  auto json = parse_json(body);
  if (!json)
    return json;
  if (!json->is_object())
    return fail(Errc::invalid, std::string("JSON body must be an object (got ") + json->type_name() + ")");
  return json;
}

std::string json_text(const Json& value)
{
  if (value.is_string())
    return value.get<std::string>();
  if (value.is_boolean() || value.is_number())
    return value.dump();
  return {};
}

Fields flatten_json(const Json& value, const std::string& prefix)
{
  Fields out;
  flatten_into(value, prefix, out);
  return out;
}

} // namespace leadhub::sources::common
