// The fast path for flattening JSON deliveries: simdjson, for the documents whose fields are sure
// to match json_fields.cpp's SAX flattener byte for byte.
#pragma once

#include "core/sources/source.hpp"

#include <string_view>

namespace leadhub::sources::common {

// Appends the fields of the JSON object `body` to `out`, as flatten_json_object_text would. False,
// with `out` half filled, when the SAX path must decide: simdjson refused the text (a syntax error,
// bad UTF-8, an integer past 64 bits, an empty or oversized body...), the top level is not an
// object, the nesting is deeper than k_max_json_depth, or there is a double (nlohmann prints those
// its own way) or a repeated key (ordered_json keeps its first place and last value).
bool flatten_json_fast(std::string_view body, Fields& out);

} // namespace leadhub::sources::common
