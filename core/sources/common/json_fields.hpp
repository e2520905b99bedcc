// JSON payloads: parsing with a depth limit, and flattening into named text values.
#pragma once

#include "core/sources/source.hpp"
#include "core/util/result.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace leadhub::sources::common {

// Keeps object members in document order; integers that fit 64 bits stay exact.
using Json = nlohmann::ordered_json;

// Deeper documents are refused before parsing: no platform nests this far.
inline constexpr int k_max_json_depth = 64;

// The document in `body`; fails with Errc::invalid when it is not JSON or nests too deeply.
Result<Json> parse_json(std::string_view body);
// As parse_json, and fails with Errc::invalid unless the document is an object.
Result<Json> parse_json_object(std::string_view body);

// A scalar as text: strings as they are, integers exactly, other numbers in their shortest form,
// booleans `true`/`false`; empty for null, objects and arrays.
std::string json_text(const Json& value);

// The leaves of `value` as (dotted.path, text) pairs in document order, paths starting at `prefix`.
// Arrays of scalars join into one value with ", "; other arrays index their paths (`answers.0.email`);
// nulls and empty containers give nothing.
Fields flatten_json(const Json& value, const std::string& prefix = {});

// flatten_json(parse_json_object(body)), without an nlohmann document: through simdjson when that is
// sure to give the same fields, else in one SAX pass; fails as parse_json_object does. A repeated
// key keeps its first place and its last value.
Result<Fields> flatten_json_object_text(std::string_view body);

} // namespace leadhub::sources::common
