// The delivery path every channel shares: find the connection, verify, parse, map, commit, answer.
#pragma once

#include "core/sources/source.hpp"
#include "core/store/types.hpp"
#include "core/util/result.hpp"
#include "core/util/time.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace leadhub::ingest {

struct IngestOptions {
  std::string db_path;
  std::string key_path;
  int64_t signature_max_age_seconds = 300;
  util::Clock clock = util::system_now;
  int busy_timeout_ms = 5000; // how long a write waits for a lock before the answer is 503
  // How long a read of the configuration version stays current (see SourceCache).
  std::chrono::steady_clock::duration config_recheck = std::chrono::milliseconds(2);
};

struct WebhookRequest {
  std::string tenant, type, token;
  sources::Delivery delivery;
  bool body_too_large = false; // the HTTP layer stopped reading past max_body_bytes
  bool test = false;           // `source test`: leads and event are marked test
  bool trusted = false;        // made locally by `source test`: no platform signature to check
  std::string channel = "webhook";
};

// The HTTP answer plus what the daemon needs for logs and metrics.
struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string outcome;      // the event's outcome; "not_found" for an unknown URL; "unavailable"
  std::string source_type;  // the path's type when it is a known slug, else empty
  std::optional<int64_t> source_id;
  std::optional<int64_t> event_id;
  std::vector<int64_t> lead_ids; // leads this delivery created (or, on replay, updated)
  std::string detail;       // why, for logs; never holds a secret
};

class Ingestor {
public:
  // Opens the database (migrating it) and the master key; throws store::StoreError on a db fault
  // and std::runtime_error for a bad key file.
  explicit Ingestor(IngestOptions options);
  ~Ingestor();
  Ingestor(const Ingestor&) = delete;
  Ingestor& operator=(const Ingestor&) = delete;

  // Handles a POST delivery or a GET handshake on /webhook/inbound/{tenant}/{type}/{token}.
  // Never throws: storage faults become 503.
  Reply handle(const WebhookRequest& request);
  // The same, but returns once the delivery is queued for its commit: `done` gets the answer on the
  // writer thread once the commit is durable (or on this thread, when the answer needs no commit).
  // `done` must not throw or wait for other deliveries. Never throws.
  void handle_async(const WebhookRequest& request, std::function<void(Reply)> done);

  // Runs stored event `event_id` of `tenant` again through today's verification and mapping;
  // existing leads with the same external id are updated in place. not_found for an unknown
  // event or a deleted connection.
  Result<Reply> replay(const std::string& tenant, int64_t event_id);

  // The active webform connection whose form is served at /forms/{tenant}/{token}, or nullopt.
  std::optional<store::Source> find_form(const std::string& tenant, const std::string& token);

  // Whether the database answers a query now.
  bool ready();

  // Observes every group commit: duration in seconds and number of deliveries it held.
  void set_commit_observer(std::function<void(double, size_t)> observer);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace leadhub::ingest
