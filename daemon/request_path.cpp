#include "daemon/request_path.hpp"

#include "core/util/strings.hpp"

namespace leadhub::daemon {

std::optional<std::vector<std::string>> match_path(std::string_view path, std::string_view prefix, size_t count)
{
  if (!path.starts_with(prefix))
    return std::nullopt;
  auto parts = util::split(path.substr(prefix.size()), '/');
  if (parts.size() != count)
    return std::nullopt;
  for (const auto& p : parts)
    if (p.empty())
      return std::nullopt;
  return parts;
}

std::string webhook_path(std::string_view tenant, std::string_view type, std::string_view token)
{
  std::string out = "/webhook/inbound/";
  out.append(tenant).append("/").append(type).append("/").append(token);
  return out;
}

std::string form_path(std::string_view tenant, std::string_view token)
{
  std::string out = "/forms/";
  out.append(tenant).append("/").append(token);
  return out;
}

} // namespace leadhub::daemon
