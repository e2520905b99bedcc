// Random tokens, hashing, constant-time comparison and HMAC, all from OpenSSL.
#pragma once

#include <string>
#include <string_view>

namespace leadhub::crypto {

// `length` characters from [A-Za-z0-9], drawn from the OpenSSL CSPRNG without modulo bias.
std::string random_token(size_t length = 48);
// `n` random bytes; throws std::runtime_error when the CSPRNG fails.
std::string random_bytes(size_t n);
// Raw 32-byte SHA-256 digest.
std::string sha256(std::string_view data);
// Raw 32-byte HMAC-SHA256 / 20-byte HMAC-SHA1 of `data` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string hmac_sha1(std::string_view key, std::string_view data);
// Compares in time that depends only on the lengths.
bool constant_time_equal(std::string_view a, std::string_view b);
std::string base64_encode(std::string_view bytes);
// Decodes standard or URL-safe base64, padded or not; empty on malformed input.
std::string base64_decode(std::string_view text);

} // namespace leadhub::crypto
