// A delivery's body as named fields, whichever of JSON, form-urlencoded or multipart it is.
#pragma once

#include "core/sources/source.hpp"
#include "core/util/result.hpp"

#include <initializer_list>
#include <string>
#include <string_view>

namespace leadhub::sources::common {

// The delivery's media type in lower case: `content_type`, else its Content-Type header's first part.
std::string media_type(const Delivery& delivery);

// The fields of a JSON object (flattened, see flatten_json), form-urlencoded or multipart/form-data
// body. Fails with Errc::invalid on a malformed body, text that is not UTF-8, or another content type.
Result<Fields> decode_body(const Delivery& delivery);

// Removes from `fields` the first field called one of `names` (tried in that order,
// case-insensitively) that has a value, and returns the value; empty when there is none.
std::string take_field(Fields& fields, std::initializer_list<std::string_view> names);

// Fails with Errc::invalid unless some field has a non-blank value.
Result<void> require_values(const Fields& fields);

} // namespace leadhub::sources::common
