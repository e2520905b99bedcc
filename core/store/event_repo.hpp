// Delivery events: every webhook, form post, poll or fetch, whatever its outcome.
#pragma once

#include "core/util/result.hpp"

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace leadhub::store {

struct Event {
  int64_t id = 0;
  std::optional<std::string> tenant;
  std::optional<int64_t> source_id;
  std::optional<std::string> source_type;
  std::string received_at;
  std::string channel = "webhook"; // webhook | imap | form | oauth_fetch
  std::string outcome;             // accepted | duplicate | ignored_inactive | rejected_signature |
                                   // invalid_payload | handshake | error
  std::optional<int> http_status;
  std::vector<int64_t> lead_ids;
  std::string detail;
  std::string method, content_type;
  std::string headers_json = "{}"; // secret headers already redacted
  std::string body;
  bool test = false;
};

struct EventFilter {
  std::optional<int64_t> source_id;
  std::optional<std::string> outcome;
  int64_t limit = 100; // 0: all
};

class EventRepo {
public:
  EventRepo(SQLite::Database& db, std::string tenant) : m_db(db), m_tenant(std::move(tenant)) {}
  // Newest first, without headers and body.
  std::vector<Event> list(const EventFilter& filter);
  // One event with headers and body; not_found when it is not this tenant's.
  Result<Event> find(int64_t id);

private:
  SQLite::Database& m_db;
  std::string m_tenant;
};

// The outcomes DESIGN.md names, for validating `events list --outcome`.
bool is_event_outcome(const std::string& outcome);

} // namespace leadhub::store
