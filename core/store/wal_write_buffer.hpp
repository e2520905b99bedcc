// A VFS shim that turns the many small writes of a WAL commit into one (see the .cpp).
#pragma once

namespace leadhub::store {

inline constexpr const char* k_wal_write_buffer_vfs = "leadhub-wal-buffer";

// Registers the shim over the default VFS and makes it the default; once per process.
void install_wal_write_buffer();

} // namespace leadhub::store
