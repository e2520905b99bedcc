// Runs deliveries through the daemon's own path (core/ingest) from leadhubctl, on the same
// database: `source test` and `events replay`.
#pragma once

#include "cli/context.hpp"
#include "core/ingest/ingestor.hpp"

#include <memory>

namespace leadhub::cli {

// An Ingestor on the configured database and master key.
Result<std::unique_ptr<ingest::Ingestor>> open_ingestor(Context& ctx);

// Turns a non-2xx reply into an error: 503 unavailable, 401 unauthorized, 400/413 usage.
Result<void> reply_error(const ingest::Reply& reply);

} // namespace leadhub::cli
