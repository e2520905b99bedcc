// leadhubd's HTTP surface: the webhook route, the hosted form, health, readiness and metrics.
// Anything else answers the one 404 body that unknown webhook URLs get.
#pragma once

#include "core/ingest/ingestor.hpp"
#include "daemon/logging.hpp"
#include "daemon/metrics.hpp"

#include <httplib.h>

#include <atomic>
#include <cstdint>

namespace leadhub::daemon {

struct RouteContext {
  ingest::Ingestor& ingestor;
  Metrics& metrics;
  Logger& logger;
  std::atomic<int64_t> max_body_bytes{1 << 20}; // applied again on SIGHUP
};

void install_routes(httplib::Server& server, RouteContext& context);

// Serves POST and GET /webhook/inbound/{tenant}/{type}/{token}; `reader` is null for GET.
void handle_webhook(RouteContext& context, const httplib::Request& req, httplib::Response& res,
                    const httplib::ContentReader* reader);

// Answers `res` with the one 404 body for everything unknown.
void answer_not_found(httplib::Response& res);

} // namespace leadhub::daemon
