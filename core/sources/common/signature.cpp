#include "core/sources/common/signature.hpp"

#include "core/crypto/crypto.hpp"
#include "core/util/strings.hpp"

#include <charconv>
#include <chrono>
#include <string>
#include <vector>

namespace leadhub::sources::common {

namespace {

struct TimestampedSignature {
  int64_t timestamp = 0;
  std::string timestamp_text; // signed as sent
  bool has_timestamp = false;
  std::vector<std::string> signatures;
};

// `t=1700000000,v1=abc…`; several v1 values may appear while a key is being rolled.
TimestampedSignature parse_timestamped(std::string_view header_value)
{
  TimestampedSignature out;
  for (const auto& item : util::split(header_value, ',')) {
    std::string_view part = util::trim(item);
    auto eq = part.find('=');
    if (eq == std::string_view::npos)
      continue;
    auto key = util::trim(part.substr(0, eq));
    auto value = util::trim(part.substr(eq + 1));
    if (key == "t") {
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out.timestamp);
      out.has_timestamp = ec == std::errc() && end == value.data() + value.size();
      out.timestamp_text = value;
    } else if (key == "v1") {
      out.signatures.emplace_back(value);
    }
  }
  return out;
}

int64_t system_now()
{
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace

bool hmac_sha256_matches(std::string_view key, std::string_view message, std::string_view signature,
                         DigestEncoding encoding)
{
  signature = util::trim(signature);
  if (util::starts_with_ci(signature, "sha256="))
    signature.remove_prefix(7);
  std::string expected = crypto::hmac_sha256(key, message);
  if (encoding == DigestEncoding::hex)
    return crypto::constant_time_equal(util::to_lower(signature), util::to_hex(expected));
  return crypto::constant_time_equal(crypto::base64_decode(signature), expected);
}

Result<void> verify_hmac_header(const Delivery& delivery, std::string_view header, std::string_view key,
                                DigestEncoding encoding)
{
  std::string signature = delivery.header(header);
  if (signature.empty())
    return fail(Errc::unauthorized, "delivery has no '" + std::string(header) + "' signature header");
  if (!hmac_sha256_matches(key, delivery.body, signature, encoding))
    return fail(Errc::unauthorized, "signature in '" + std::string(header) + "' does not match the body");
  return {};
}

Result<void> verify_timestamped_hmac(std::string_view header_value, std::string_view key, std::string_view body,
                                     const VerifyOptions& options)
{
  auto parsed = parse_timestamped(header_value);
  if (!parsed.has_timestamp || parsed.signatures.empty())
    return fail(Errc::unauthorized, "signature header is not of the form 't=<unix>,v1=<hex>'");
  if (options.max_age_seconds > 0) {
    int64_t now = options.now_unix != 0 ? options.now_unix : system_now();
    if (parsed.timestamp < now - options.max_age_seconds || parsed.timestamp > now + options.max_age_seconds)
      return fail(Errc::unauthorized, "signature timestamp " + parsed.timestamp_text + " is outside the window of " +
                                          std::to_string(options.max_age_seconds) + " seconds");
  }
  std::string message = parsed.timestamp_text + "." + std::string(body);
  for (const auto& signature : parsed.signatures)
    if (hmac_sha256_matches(key, message, signature, DigestEncoding::hex))
      return {};
  return fail(Errc::unauthorized, "timestamped signature does not match the body");
}

} // namespace leadhub::sources::common
