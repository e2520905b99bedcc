#include "cli/ingest_runner.hpp"

#include <nlohmann/json.hpp>

namespace leadhub::cli {

Result<std::unique_ptr<ingest::Ingestor>> open_ingestor(Context& ctx)
{
  auto store = ctx.tenant_store(); // creates and migrates the database, checks the tenant
  if (!store)
    return store.error();
  auto config = ctx.config();
  if (!config)
    return config.error();
  ingest::IngestOptions options;
  options.db_path = (*config)->get("db");
  options.key_path = (*config)->master_key_file();
  options.signature_max_age_seconds = (*config)->get_int("signature_max_age_seconds");
  return std::make_unique<ingest::Ingestor>(std::move(options));
}

Result<void> reply_error(const ingest::Reply& reply)
{
  if (reply.status >= 200 && reply.status < 300)
    return {};
  auto body = nlohmann::json::parse(reply.body, nullptr, false);
  std::string message = body.is_object() && body.contains("error") ? body["error"].get<std::string>() : reply.body;
  switch (reply.status) {
  case 400:
  case 413:
    return fail(Errc::usage, message);
  case 401:
    return fail(Errc::unauthorized, message);
  case 404:
    return fail(Errc::not_found, message);
  case 503:
    return fail(Errc::unavailable, message, "another program holds the database lock; try again");
  default:
    return fail(Errc::failure, message);
  }
}

} // namespace leadhub::cli
