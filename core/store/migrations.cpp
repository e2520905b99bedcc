#include "core/store/migrations.hpp"

#include "core/store/database.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <fmt/format.h>

namespace leadhub::store {

int latest_schema_version()
{
  const auto& all = embedded_migrations();
  return all.empty() ? 0 : all.back().version;
}

void migrate(SQLite::Database& db, const std::vector<Migration>& migrations)
{
  int known = migrations.empty() ? 0 : migrations.back().version;
  int current = db.execAndGet("PRAGMA user_version").getInt();
  if (current > known)
    throw StoreError(StoreError::Kind::schema_too_new,
                     fmt::format("database schema version {} is newer than this program's version {} "
                                 "(upgrade leadhub, or use a backup made by this version)",
                                 current, known));
  for (const auto& m : migrations) {
    if (m.version <= current)
      continue;
    // Each step in its own IMMEDIATE transaction; re-reading user_version inside it makes two
    // programs starting together apply each step once.
    with_write_transaction(db, [&] {
      if (db.execAndGet("PRAGMA user_version").getInt() >= m.version)
        return;
      db.exec(m.sql);
      db.exec(fmt::format("PRAGMA user_version = {}", m.version));
    });
  }
}

} // namespace leadhub::store
