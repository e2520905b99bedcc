// application/x-www-form-urlencoded bodies (what an HTML form posts) decoded into named values.
#pragma once

#include "core/sources/source.hpp"
#include "core/util/result.hpp"

#include <string_view>

namespace leadhub::sources::common {

// The body's name/value pairs in order, percent- and plus-decoded; pairs with an empty name are
// skipped. Fails with Errc::invalid when the body holds control bytes, which no form encodes raw.
Result<Fields> decode_form(std::string_view body);

} // namespace leadhub::sources::common
