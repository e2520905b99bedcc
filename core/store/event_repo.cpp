#include "core/store/event_repo.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace leadhub::store {

namespace {

constexpr std::array<std::string_view, 7> k_outcomes = {
    "accepted", "duplicate", "ignored_inactive", "rejected_signature", "invalid_payload", "handshake", "error"};

template <class T> std::optional<T> opt_column(const SQLite::Column& c)
{
  if (c.isNull())
    return std::nullopt;
  if constexpr (std::is_same_v<T, std::string>)
    return c.getString();
  else
    return static_cast<T>(c.getInt64());
}

Event read_event(SQLite::Statement& st, bool with_payload)
{
  Event e;
  e.id = st.getColumn(0).getInt64();
  e.tenant = opt_column<std::string>(st.getColumn(1));
  e.source_id = opt_column<int64_t>(st.getColumn(2));
  e.source_type = opt_column<std::string>(st.getColumn(3));
  e.received_at = st.getColumn(4).getString();
  e.channel = st.getColumn(5).getString();
  e.outcome = st.getColumn(6).getString();
  e.http_status = opt_column<int>(st.getColumn(7));
  for (auto& id : nlohmann::json::parse(st.getColumn(8).getString(), nullptr, false))
    if (id.is_number_integer())
      e.lead_ids.push_back(id.get<int64_t>());
  e.detail = st.getColumn(9).getString();
  e.test = st.getColumn(10).getInt() != 0;
  if (with_payload) {
    e.method = st.getColumn(11).getString();
    e.content_type = st.getColumn(12).getString();
    e.headers_json = st.getColumn(13).isNull() ? "{}" : st.getColumn(13).getString();
    auto body = st.getColumn(14);
    e.body.assign(static_cast<const char*>(body.getBlob()), static_cast<size_t>(body.getBytes()));
  }
  return e;
}

constexpr const char* k_columns = "SELECT id, tenant_id, source_id, source_type, received_at, channel, outcome,"
                                  " http_status, lead_ids, detail, test, method, content_type, headers, body"
                                  " FROM events";

} // namespace

bool is_event_outcome(const std::string& outcome)
{
  for (auto o : k_outcomes)
    if (o == outcome)
      return true;
  return false;
}

std::vector<Event> EventRepo::list(const EventFilter& filter)
{
  std::string sql = std::string(k_columns) + " WHERE tenant_id = ?1"
                    " AND (?2 IS NULL OR source_id = ?2) AND (?3 IS NULL OR outcome = ?3)"
                    " ORDER BY id DESC LIMIT ?4";
  SQLite::Statement st(m_db, sql);
  st.bind(1, m_tenant);
  if (filter.source_id)
    st.bind(2, *filter.source_id);
  if (filter.outcome)
    st.bind(3, *filter.outcome);
  st.bind(4, filter.limit > 0 ? filter.limit : int64_t{-1});
  std::vector<Event> out;
  while (st.executeStep())
    out.push_back(read_event(st, false));
  return out;
}

Result<Event> EventRepo::find(int64_t id)
{
  SQLite::Statement st(m_db, std::string(k_columns) + " WHERE id = ? AND tenant_id = ?");
  st.bind(1, id);
  st.bind(2, m_tenant);
  if (!st.executeStep())
    return fail(Errc::not_found, "event " + std::to_string(id) + " not found", "try 'leadhubctl events list'");
  return read_event(st, true);
}

} // namespace leadhub::store
