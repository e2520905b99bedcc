// Numbered schema migrations, embedded in the binary and applied forward with PRAGMA user_version.
#pragma once

#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace leadhub::store {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// The migrations in core/store/migrations, in order (generated at build time).
const std::vector<Migration>& embedded_migrations();
// The schema version this binary knows.
int latest_schema_version();

// Applies every migration above the database's user_version, each in its own IMMEDIATE
// transaction; throws StoreError when the database's schema is newer than this binary's.
void migrate(SQLite::Database& db, const std::vector<Migration>& migrations = embedded_migrations());

} // namespace leadhub::store
