#include "cli/lead_view.hpp"

#include "cli/source_view.hpp"
#include "core/crypto/crypto.hpp"
#include "core/util/strings.hpp"

namespace leadhub::cli {

const Keys k_lead_keys = {"id",         "source_id", "source_name", "source_type", "external_id", "first_name",
                          "last_name",  "email",     "phone",       "company",     "job_title",   "city",
                          "country",    "notes",     "custom",      "extra",       "pipeline",    "stage",
                          "status",     "test",      "received_at"};
const Keys k_lead_table_keys = {"id",    "received_at", "source_name", "first_name", "last_name",
                                "email", "phone",       "stage",       "status"};

const Keys k_event_keys = {"id",      "source_id",   "source_type", "received_at", "channel",
                           "outcome", "http_status", "lead_ids",    "detail"};
const Keys k_event_table_keys = {"id", "received_at", "source_id", "source_type", "channel", "outcome",
                                 "http_status", "lead_ids", "detail"};

namespace {

nlohmann::ordered_json text_or_null(const std::string& s)
{
  return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
}

template <class T> nlohmann::ordered_json or_null(const std::optional<T>& v)
{
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

} // namespace

Row lead_row(const leads::Lead& l)
{
  Row row;
  row["id"] = l.id;
  row["source_id"] = or_null(l.source_id);
  row["source_name"] = l.source_name;
  row["source_type"] = l.source_type;
  row["external_id"] = text_or_null(l.external_id);
  for (auto name : leads::k_contact_fields)
    row[std::string(name)] = *l.contact.field(name);
  row["custom"] = nlohmann::ordered_json(l.custom);
  row["extra"] = nlohmann::ordered_json(l.extra);
  row["pipeline"] = text_or_null(l.pipeline);
  row["stage"] = text_or_null(l.stage);
  row["status"] = text_or_null(l.status);
  row["test"] = l.test;
  row["received_at"] = l.received_at;
  return row;
}

Row event_row(const store::Event& e)
{
  Row row;
  row["id"] = e.id;
  row["source_id"] = or_null(e.source_id);
  row["source_type"] = or_null(e.source_type);
  row["received_at"] = e.received_at;
  row["channel"] = e.channel;
  row["outcome"] = e.outcome;
  row["http_status"] = or_null(e.http_status);
  row["lead_ids"] = e.lead_ids;
  row["detail"] = e.detail;
  return row;
}

Row event_detail_row(const store::Event& e)
{
  Row row = event_row(e);
  row["method"] = text_or_null(e.method);
  row["content_type"] = text_or_null(e.content_type);
  auto headers = nlohmann::ordered_json::parse(e.headers_json, nullptr, false);
  row["headers"] = headers.is_discarded() ? nlohmann::ordered_json::object() : headers;
  if (util::is_utf8(e.body)) {
    row["body"] = e.body;
  } else {
    row["body"] = crypto::base64_encode(e.body);
    row["body_encoding"] = "base64";
  }
  return row;
}

void add_list_options(CLI::App* list, std::string& source, int64_t& limit, const std::string& what)
{
  list->add_option("--source", source, "only " + what + " of this source (id or name)");
  list->add_option("--limit", limit, "at most this many; 0 for all")->capture_default_str()->check(CLI::NonNegativeNumber);
}

Result<std::optional<int64_t>> source_filter(Context& ctx, const std::string& source)
{
  if (source.empty())
    return std::optional<int64_t>();
  auto found = find_source(ctx, source);
  if (!found)
    return found.error();
  return std::optional<int64_t>(found->source.id);
}

} // namespace leadhub::cli
