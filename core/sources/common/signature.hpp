// Shared signature checks: HMAC-SHA256 of the raw body in a header, hex or base64, and the
// timestamped `t=<unix>,v1=<hex>` scheme with a replay window. All comparisons are constant time.
#pragma once

#include "core/sources/source.hpp"
#include "core/util/result.hpp"

#include <string_view>

namespace leadhub::sources::common {

enum class DigestEncoding { hex, base64 };

// Whether `signature` (the digest in `encoding`, optionally after a `sha256=` prefix) equals
// HMAC-SHA256(key, message). Hex compares case-insensitively; base64 may be standard or URL-safe.
bool hmac_sha256_matches(std::string_view key, std::string_view message, std::string_view signature,
                         DigestEncoding encoding);

// Ok when header `header` of `delivery` carries HMAC-SHA256(key, body); fails with
// Errc::unauthorized when the header is missing or does not match.
Result<void> verify_hmac_header(const Delivery& delivery, std::string_view header, std::string_view key,
                                DigestEncoding encoding);

// Ok when `header_value` is `t=<unix>,v1=<hex>[,v1=…]` with one v1 equal to
// HMAC-SHA256(key, "<t>." + body), and t lies within options.max_age_seconds of options.now_unix
// (the system clock when now_unix is 0; no window when max_age_seconds is 0).
// Fails with Errc::unauthorized otherwise.
Result<void> verify_timestamped_hmac(std::string_view header_value, std::string_view key, std::string_view body,
                                     const VerifyOptions& options);

} // namespace leadhub::sources::common
