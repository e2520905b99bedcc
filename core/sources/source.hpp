// SourceSpec: what LeadHub knows of one platform — data plus functions, one per platform file.
#pragma once

#include "core/util/result.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leadhub::sources {

enum class AuthKind { oauth, webhook, imap, form };
std::string_view to_string(AuthKind auth);

// Header names are lower-cased by the HTTP layer.
using Headers = std::multimap<std::string, std::string>;
using Credentials = std::map<std::string, std::string>;
// Named values in arrival order; a name may repeat.
using Fields = std::vector<std::pair<std::string, std::string>>;

// One inbound HTTP request, as the platform sent it; `body` is the exact raw bytes.
struct Delivery {
  std::string method;       // "POST" or "GET"
  std::string content_type; // media type only, lower case, e.g. "application/json"
  std::string content_type_header; // the full header, with parameters such as the boundary
  std::string body;
  Headers headers;
  std::multimap<std::string, std::string> query;
  int64_t received_unix = 0;

  // The first value of header `name` (lower case), or empty.
  std::string header(std::string_view name) const;
  std::string query_param(std::string_view name) const;
};

// One lead as a platform delivered it: named fields in arrival order and the platform's id.
struct IncomingLead {
  std::string external_id; // empty when the platform gives none
  Fields fields;
  bool test = false;
};

// What a delivery holds: leads, ids to fetch from the platform API, or nothing that is a lead.
struct Parsed {
  std::vector<IncomingLead> leads;
  std::vector<std::string> fetch_ids; // for platforms that send only an id
  std::string ignored_reason;          // set when the delivery is valid but is not a lead
};

// The answer to a verification handshake (a GET challenge, a CRC check).
struct HandshakeReply {
  int status = 200;
  std::string content_type = "text/plain";
  std::string body;
};

struct VerifyOptions {
  int64_t now_unix = 0;
  int64_t max_age_seconds = 300; // 0 turns timestamp windows off
};

struct SourceSpec {
  std::string_view slug;
  std::string_view name;
  AuthKind auth = AuthKind::webhook;
  std::vector<std::string_view> credential_keys;
  // The credential whose presence turns signature checks on; empty when the URL token alone admits.
  std::string_view signing_key;
  // Built-in mapping: platform field name -> lead field.
  std::vector<std::pair<std::string_view, std::string_view>> builtin_mapping;
  // Headers whose values are secrets and are redacted before an event stores them.
  std::vector<std::string_view> secret_headers;
  // One realistic delivery that `parse` turns into a lead; what `leadhubctl source test` sends.
  // The content type is the whole Content-Type header, parameters (a boundary) included.
  std::string_view sample_content_type;
  std::string_view sample_body;

  // Answers a GET handshake; nullopt when the request is not one (then 404 stays hidden as 405).
  std::optional<HandshakeReply> (*handshake)(const Delivery&, const Credentials&) = nullptr;
  // Checks the delivery's signature; called only when `signing_key` is set among the credentials.
  Result<void> (*verify)(const Delivery&, const Credentials&, const VerifyOptions&) = nullptr;
  // Turns a delivery into leads; fails with Errc::invalid on a malformed payload.
  Result<Parsed> (*parse)(const Delivery&) = nullptr;
  // Whether the type has a webhook URL (every type but email).
  bool has_webhook() const { return auth != AuthKind::imap; }
};

// All 18 platforms, in the order of DESIGN.md.
std::span<const SourceSpec* const> all_sources();
// The platform with this slug, or nullptr.
const SourceSpec* find_source(std::string_view slug);

} // namespace leadhub::sources
