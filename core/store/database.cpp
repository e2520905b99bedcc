#include "core/store/database.hpp"

#include "core/store/migrations.hpp"
#include "core/store/wal_write_buffer.hpp"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <filesystem>
#include <mutex>

namespace leadhub::store {

[[noreturn]] void rethrow_store_error(const std::exception& e, const std::string& context)
{
  if (auto* se = dynamic_cast<const StoreError*>(&e))
    throw StoreError(se->kind(), context + ": " + se->what());
  if (auto* sq = dynamic_cast<const SQLite::Exception*>(&e)) {
    int code = sq->getErrorCode();
    auto kind = (code == SQLITE_BUSY || code == SQLITE_LOCKED) ? StoreError::Kind::busy
                                                               : StoreError::Kind::failure;
    throw StoreError(kind, context + ": " + sq->what());
  }
  throw StoreError(StoreError::Kind::failure, context + ": " + e.what());
}

namespace {

// Process-wide settings, which SQLite takes only before its first use.
void configure_sqlite()
{
  static std::once_flag once;
  std::call_once(once, [] {
    // No memory statistics: they take a global mutex on every allocation SQLite makes, and the
    // writer makes several per row. (Refused, harmlessly, if SQLite was already in use.)
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}

} // namespace

std::unique_ptr<SQLite::Database> open_database(const std::string& path, const OpenOptions& options)
{
  namespace fs = std::filesystem;
  try {
    int flags = options.read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE;
    if (options.create && !options.read_only) {
      flags |= SQLite::OPEN_CREATE;
      auto dir = fs::path(path).parent_path();
      if (!dir.empty())
        fs::create_directories(dir);
    }
    flags |= SQLITE_OPEN_NOMUTEX;
    configure_sqlite();
    install_wal_write_buffer();
    auto db = std::make_unique<SQLite::Database>(path, flags, options.busy_timeout_ms);
    if (!options.read_only)
      db->exec("PRAGMA journal_mode=WAL");
    db->exec("PRAGMA foreign_keys=ON");
    db->exec(options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    if (options.migrate && !options.read_only)
      migrate(*db);
    return db;
  } catch (const std::exception& e) {
    rethrow_store_error(e, "cannot open database '" + path + "'");
  }
}

void with_write_transaction(SQLite::Database& db, const std::function<void()>& fn)
{
  try {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    fn();
    tx.commit();
  } catch (const StoreError&) {
    throw;
  } catch (const SQLite::Exception& e) {
    int code = e.getErrorCode();
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
      throw StoreError(StoreError::Kind::busy, e.what()); // SQLite's own text: "database is locked"
    throw;
  }
}

} // namespace leadhub::store
