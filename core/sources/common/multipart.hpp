// multipart/form-data bodies (RFC 7578) decoded into named values, and header parameters.
#pragma once

#include "core/sources/source.hpp"
#include "core/util/result.hpp"

#include <string>
#include <string_view>

namespace leadhub::sources::common {

// The value of parameter `name` (case-insensitive) in a header such as
// `multipart/form-data; boundary="abc"`, unquoted; empty when it is absent.
std::string header_parameter(std::string_view header_value, std::string_view name);

// The parts of `body` as name/value pairs in order; a file part's value is its file name alone.
// `content_type_header` is the whole Content-Type header, which carries the boundary.
// Fails with Errc::invalid when the boundary is missing or the body does not follow it.
Result<Fields> decode_multipart(std::string_view body, std::string_view content_type_header);

} // namespace leadhub::sources::common
