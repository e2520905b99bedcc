// LeadHub Web Form: the hosted form at /forms/{tenant}/{token}, or a site's own form, posting to the
// webform's webhook URL as form-urlencoded, multipart or JSON. The URL token alone admits it.
#include "core/sources/common/body.hpp"
#include "core/sources/source.hpp"
#include "core/util/strings.hpp"

#include <algorithm>

namespace leadhub::sources {

namespace {

// The hosted form hides this field from people; only bots fill it in.
constexpr std::string_view k_honeypot_field = "website";

constexpr std::string_view k_sample = "first_name=Jane&last_name=Doe&email=jane.doe%40example.com&phone=%2B1+555+0100"
                                      "&message=Please+call+me+about+a+quote+for+50+seats.&website=";

Result<Parsed> parse(const Delivery& delivery)
{
  auto fields = common::decode_body(delivery);
  if (!fields)
    return fields.error();
  Parsed parsed;
  bool bot = false;
  std::erase_if(*fields, [&](const auto& field) {
    if (field.first != k_honeypot_field)
      return false;
    bot = bot || !util::trim(field.second).empty();
    return true;
  });
  if (bot) {
    parsed.ignored_reason = "honeypot";
    return parsed;
  }
  IncomingLead lead;
  lead.external_id = common::take_field(*fields, {"submission_id"});
  if (auto filled = common::require_values(*fields); !filled)
    return filled.error();
  lead.fields = std::move(*fields);
  parsed.leads.push_back(std::move(lead));
  return parsed;
}

} // namespace

extern const SourceSpec webform_source = {
    .slug = "webform",
    .name = "LeadHub Web Form",
    .auth = AuthKind::form,
    .credential_keys = {},
    .signing_key = "",
    .builtin_mapping = {{"message", "notes"}},
    .secret_headers = {"authorization"},
    .sample_content_type = "application/x-www-form-urlencoded",
    .sample_body = k_sample,
    .parse = parse,
};

} // namespace leadhub::sources
