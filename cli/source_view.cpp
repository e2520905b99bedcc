#include "cli/source_view.hpp"

#include "core/sources/source.hpp"
#include "core/store/source_repo.hpp"

namespace leadhub::cli {

const Keys k_source_keys = {"id",           "name",        "type",         "type_name",  "auth",
                            "active",       "webhook_url", "form_url",     "pipeline",   "stage",
                            "oauth_status", "leads",       "last_lead_at", "created_at", "updated_at"};
const Keys k_source_table_keys = {"id",    "name",         "type",  "active",      "pipeline",
                                  "stage", "oauth_status", "leads", "last_lead_at"};

namespace {

template <class T> nlohmann::ordered_json or_null(const std::optional<T>& v)
{
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

} // namespace

std::optional<std::string> webhook_url(const store::Source& source, const std::string& public_url)
{
  const auto* spec = sources::find_source(source.type);
  if (spec && !spec->has_webhook())
    return std::nullopt;
  return public_url + "/webhook/inbound/" + source.tenant + "/" + source.type + "/" + source.token;
}

std::optional<std::string> form_url(const store::Source& source, const std::string& public_url)
{
  const auto* spec = sources::find_source(source.type);
  if (!spec || spec->auth != sources::AuthKind::form)
    return std::nullopt;
  return public_url + "/forms/" + source.tenant + "/" + source.token;
}

Row source_row(const store::Source& s, const std::string& public_url)
{
  const auto* spec = sources::find_source(s.type);
  Row row;
  row["id"] = s.id;
  row["name"] = s.name;
  row["type"] = s.type;
  row["type_name"] = spec ? std::string(spec->name) : s.type;
  row["auth"] = spec ? nlohmann::ordered_json(std::string(sources::to_string(spec->auth))) : nullptr;
  row["active"] = s.active;
  row["webhook_url"] = or_null(webhook_url(s, public_url));
  row["form_url"] = or_null(form_url(s, public_url));
  row["pipeline"] = or_null(s.pipeline);
  row["stage"] = or_null(s.stage);
  row["oauth_status"] = or_null(s.oauth_status);
  row["leads"] = s.leads;
  row["last_lead_at"] = or_null(s.last_lead_at);
  row["created_at"] = s.created_at;
  row["updated_at"] = s.updated_at;
  return row;
}

Result<store::SourceRepo> source_repo(Context& ctx)
{
  auto store = ctx.tenant_store();
  if (!store)
    return store.error();
  return store::SourceRepo(**store, ctx.tenant());
}

Result<SourceHandle> find_source(Context& ctx, const std::string& id_or_name)
{
  auto repo = source_repo(ctx);
  if (!repo)
    return repo.error();
  auto source = repo->find(id_or_name);
  if (!source)
    return source.error();
  return SourceHandle{std::move(*repo), std::move(*source)};
}

} // namespace leadhub::cli
