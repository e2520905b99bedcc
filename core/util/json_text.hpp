// Small JSON texts written directly, without building a document first: the delivery path writes
// several per request. The bytes are what nlohmann::json's dump() gives for the same values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace leadhub::util {

// Appends `s` as a quoted JSON string. Invalid UTF-8 is replaced by U+FFFD, as dump() does with
// error_handler_t::replace.
void append_json_string(std::string& out, std::string_view s);

// {"key":"value",...} in the map's (sorted) order.
std::string json_object(const std::map<std::string, std::string>& members);

// [1,2,3]
std::string json_array(const std::vector<int64_t>& values);

} // namespace leadhub::util
