#include "core/store/maintenance.hpp"

#include "core/store/repo_support.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <filesystem>

namespace leadhub::store {

int schema_version(Store& store)
{
  return detail::read("cannot read the schema version",
                      [&] { return store.db().execAndGet("PRAGMA user_version").getInt(); });
}

Result<void> backup_database(Store& store, const std::string& path)
{
  std::error_code ec;
  if (std::filesystem::exists(path, ec))
    return fail(Errc::conflict, fmt::format("'{}' already exists", path),
                "choose a new file name; a backup never overwrites");
  try {
    SQLite::Statement st(store.db(), "VACUUM INTO ?");
    st.bind(1, path);
    st.exec();
  } catch (const std::exception& e) {
    return fail(Errc::failure, fmt::format("cannot back up to '{}': {}", path, e.what()));
  }
  return {};
}

CheckReport check_database(Store& store)
{
  return detail::read("cannot check the database", [&] {
    CheckReport report;
    SQLite::Statement integrity(store.db(), "PRAGMA integrity_check");
    while (integrity.executeStep())
      report.integrity.push_back(integrity.getColumn(0).getString());
    SQLite::Statement fk(store.db(), "PRAGMA foreign_key_check");
    while (fk.executeStep())
      report.foreign_keys.push_back(fmt::format("table '{}' row {} refers to a missing row of '{}'",
                                                fk.getColumn(0).getString(), fk.getColumn(1).getInt64(),
                                                fk.getColumn(2).getString()));
    return report;
  });
}

} // namespace leadhub::store
