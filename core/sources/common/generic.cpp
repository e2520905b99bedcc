#include "core/sources/common/generic.hpp"

#include "core/sources/common/body.hpp"

namespace leadhub::sources::common {

Result<Parsed> parse_generic(const Delivery& delivery)
{
  auto fields = decode_body(delivery);
  if (!fields)
    return fields.error();
  IncomingLead lead;
  lead.external_id = take_field(*fields, {"id", "external_id", "lead_id", "submission_id"});
  if (auto filled = require_values(*fields); !filled)
    return filled.error();
  lead.fields = std::move(*fields);
  Parsed parsed;
  parsed.leads.push_back(std::move(lead));
  return parsed;
}

} // namespace leadhub::sources::common
