// Whole-database maintenance for `leadhubctl init` and `db`: schema version, online backup, checks.
#pragma once

#include "core/store/store.hpp"
#include "core/util/result.hpp"

#include <string>
#include <vector>

namespace leadhub::store {

// The database's PRAGMA user_version.
int schema_version(Store& store);

// Writes a consistent copy of the live database to `path` (VACUUM INTO, safe while leadhubd
// writes); conflict when `path` exists, failure when it cannot be written.
Result<void> backup_database(Store& store, const std::string& path);

struct CheckReport {
  std::vector<std::string> integrity;    // PRAGMA integrity_check rows; {"ok"} when sound
  std::vector<std::string> foreign_keys; // one line per dangling reference; empty when sound
  bool ok() const { return integrity == std::vector<std::string>{"ok"} && foreign_keys.empty(); }
};

// Runs PRAGMA integrity_check and PRAGMA foreign_key_check.
CheckReport check_database(Store& store);

} // namespace leadhub::store
