// The JSON bodies leadhubd answers deliveries with, and the event record of a request.
#pragma once

#include "core/ingest/ingestor.hpp"
#include "core/sources/source.hpp"
#include "core/store/event_repo.hpp"

#include <string>
#include <vector>

namespace leadhub::ingest {

Reply accepted_reply(const std::vector<int64_t>& lead_ids);
// {"status": status} with 200; `outcome` is the event outcome recorded for it.
Reply status_reply(const std::string& status, const std::string& outcome);
// {"error": message} with `status`; `outcome` names the event outcome for logs and metrics.
Reply error_reply(int status, const std::string& outcome, const std::string& message);
// The one body every unknown tenant, type, token or route gets, so nothing can be probed.
Reply not_found_reply();

// Headers as a JSON object, with the spec's secret headers (and credentials of any kind) redacted.
std::string redacted_headers_json(const sources::Headers& headers, const sources::SourceSpec* spec);

// The media type of a Content-Type header: lower case, without parameters.
std::string media_type(const std::string& content_type_header);

} // namespace leadhub::ingest
