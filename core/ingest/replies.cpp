#include "core/ingest/replies.hpp"

#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

namespace leadhub::ingest {

Reply accepted_reply(const std::vector<int64_t>& lead_ids)
{
  Reply r;
  r.outcome = "accepted";
  r.lead_ids = lead_ids;
  r.body = nlohmann::json{{"status", "accepted"}, {"lead_ids", lead_ids}}.dump();
  return r;
}

Reply status_reply(const std::string& status, const std::string& outcome)
{
  Reply r;
  r.outcome = outcome;
  r.body = nlohmann::json{{"status", status}}.dump();
  return r;
}

Reply error_reply(int status, const std::string& outcome, const std::string& message)
{
  Reply r;
  r.status = status;
  r.outcome = outcome;
  r.detail = message;
  r.body = nlohmann::json{{"error", message}}.dump();
  return r;
}

Reply not_found_reply() { return error_reply(404, "not_found", "not found"); }

std::string redacted_headers_json(const sources::Headers& headers, const sources::SourceSpec* spec)
{
  auto secret = [&](const std::string& name) {
    if (name == "authorization" || name == "proxy-authorization" || name == "cookie")
      return true;
    if (spec)
      for (auto h : spec->secret_headers)
        if (util::equals_ci(h, name))
          return true;
    return false;
  };
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : headers)
    out[name] = secret(name) ? std::string("[redacted]") : value;
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string media_type(const std::string& content_type_header)
{
  auto semi = content_type_header.find(';');
  return util::to_lower(util::trim(std::string_view(content_type_header).substr(0, semi)));
}

} // namespace leadhub::ingest
