#include "core/sources/common/form.hpp"

#include "core/util/strings.hpp"

namespace leadhub::sources::common {

Result<Fields> decode_form(std::string_view body)
{
  body = util::trim(body);
  for (char c : body)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return fail(Errc::invalid, "form body holds a control byte, which is not form-urlencoded");
  Fields fields;
  for (const auto& pair : util::split(body, '&')) {
    if (pair.empty())
      continue;
    auto eq = pair.find('=');
    std::string name = util::url_decode(std::string_view(pair).substr(0, eq));
    std::string value = eq == std::string::npos ? std::string() : util::url_decode(pair.substr(eq + 1));
    if (!name.empty())
      fields.emplace_back(std::move(name), std::move(value));
  }
  return fields;
}

} // namespace leadhub::sources::common
