#include "core/sources/common/body.hpp"

#include "core/sources/common/form.hpp"
#include "core/sources/common/json_fields.hpp"
#include "core/sources/common/multipart.hpp"
#include "core/util/strings.hpp"

#include <algorithm>

namespace leadhub::sources::common {

namespace {

bool is_json_type(std::string_view type)
{
  return type == "application/json" || type == "text/json" || type.ends_with("+json");
}

Result<Fields> decode_by_type(const Delivery& delivery, const std::string& type)
{
  if (is_json_type(type))
    return flatten_json_object_text(delivery.body);
  if (type == "application/x-www-form-urlencoded")
    return decode_form(delivery.body);
  if (type == "multipart/form-data") {
    std::string header =
        delivery.content_type_header.empty() ? delivery.header("content-type") : delivery.content_type_header;
    return decode_multipart(delivery.body, header);
  }
  return fail(Errc::invalid, "unsupported content type '" + type + "'",
              "send application/json, application/x-www-form-urlencoded or multipart/form-data");
}

// Text that SQLite and JSON output can carry unchanged.
bool is_clean_text(std::string_view s) { return util::is_utf8(s) && s.find('\0') == std::string_view::npos; }

} // namespace

std::string media_type(const Delivery& delivery)
{
  std::string type = delivery.content_type;
  if (type.empty())
    type = delivery.content_type_header;
  if (type.empty())
    type = delivery.header("content-type");
  std::string_view view = type;
  return util::to_lower(util::trim(view.substr(0, view.find(';'))));
}

Result<Fields> decode_body(const Delivery& delivery)
{
  if (util::trim(delivery.body).empty())
    return fail(Errc::invalid, "delivery body is empty");
  auto fields = decode_by_type(delivery, media_type(delivery));
  if (!fields)
    return fields;
  for (const auto& [name, value] : *fields)
    if (!is_clean_text(name) || !is_clean_text(value))
      return fail(Errc::invalid, "field '" + util::url_encode(name) + "' is not valid UTF-8 text or holds a NUL byte");
  return fields;
}

std::string take_field(Fields& fields, std::initializer_list<std::string_view> names)
{
  for (auto wanted : names) {
    auto it = std::find_if(fields.begin(), fields.end(), [&](const auto& field) {
      return util::equals_ci(field.first, wanted) && !util::trim(field.second).empty();
    });
    if (it != fields.end()) {
      std::string value(util::trim(it->second));
      fields.erase(it);
      return value;
    }
  }
  return {};
}

Result<void> require_values(const Fields& fields)
{
  bool any =
      std::any_of(fields.begin(), fields.end(), [](const auto& field) { return !util::trim(field.second).empty(); });
  if (!any)
    return fail(Errc::invalid, "delivery has no field with a value");
  return {};
}

} // namespace leadhub::sources::common
