// The generic parser: one lead from a JSON object, form-urlencoded or multipart body, for platforms
// whose own adapter has not landed yet and for hand-written test payloads.
#pragma once

#include "core/sources/source.hpp"
#include "core/util/result.hpp"

namespace leadhub::sources::common {

// One IncomingLead with the body's fields; its external id is the first of the fields `id`,
// `external_id`, `lead_id` and `submission_id` that has a value (removed from the fields).
// Fails with Errc::invalid on a malformed body, an unsupported content type or no field with a value.
Result<Parsed> parse_generic(const Delivery& delivery);

} // namespace leadhub::sources::common
