#include "core/sources/source.hpp"

#include "core/util/strings.hpp"

namespace leadhub::sources {

std::string_view to_string(AuthKind auth)
{
  switch (auth) {
  case AuthKind::oauth:
    return "oauth";
  case AuthKind::webhook:
    return "webhook";
  case AuthKind::imap:
    return "imap";
  case AuthKind::form:
    return "form";
  }
  return "webhook";
}

std::string Delivery::header(std::string_view name) const
{
  auto it = headers.find(util::to_lower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string Delivery::query_param(std::string_view name) const
{
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string() : it->second;
}

} // namespace leadhub::sources
