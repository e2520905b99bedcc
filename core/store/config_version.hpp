// The configuration version: a counter that triggers bump on every change to connections,
// credentials, mappings, custom fields, pipelines and tenants (migration 0003).
#pragma once

#include "core/store/store.hpp"

#include <cstdint>

namespace leadhub::store {

// The current version; a cheap single-row read meant to run on every delivery.
int64_t config_version(Store& store);

} // namespace leadhub::store
