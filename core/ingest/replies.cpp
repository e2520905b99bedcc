#include "core/ingest/replies.hpp"

#include "core/util/json_text.hpp"
#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

#include <iterator>

namespace leadhub::ingest {

Reply accepted_reply(const std::vector<int64_t>& lead_ids)
{
  Reply r;
  r.outcome = "accepted";
  r.lead_ids = lead_ids;
  r.body = "{\"lead_ids\":" + util::json_array(lead_ids) + ",\"status\":\"accepted\"}"; // as dump() orders keys
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
  std::string out = "{";
  for (auto it = headers.begin(); it != headers.end(); ++it) {
    auto next = std::next(it);
    if (next != headers.end() && next->first == it->first)
      continue; // a name sent twice keeps its last value
    if (out.size() > 1)
      out += ',';
    util::append_json_string(out, it->first);
    out += ':';
    util::append_json_string(out, secret(it->first) ? "[redacted]" : it->second);
  }
  out += '}';
  return out;
}

std::string media_type(const std::string& content_type_header)
{
  auto semi = content_type_header.find(';');
  return util::to_lower(util::trim(std::string_view(content_type_header).substr(0, semi)));
}

} // namespace leadhub::ingest
