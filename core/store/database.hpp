// Opening the one SQLite file both programs share: WAL, foreign keys, busy timeout, migrations.
#pragma once

#include <SQLiteCpp/Database.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace leadhub::store {

// A local fault in the store (disk, corrupt or locked database, newer schema); carries context.
class StoreError : public std::runtime_error {
public:
  enum class Kind { failure, busy, schema_too_new };
  StoreError(Kind kind, const std::string& what) : std::runtime_error(what), m_kind(kind) {}
  Kind kind() const { return m_kind; }

private:
  Kind m_kind;
};

struct OpenOptions {
  bool create = true;         // create the file (and its directory) when missing
  bool migrate = true;        // apply pending migrations
  bool read_only = false;
  int busy_timeout_ms = 5000;
  bool synchronous_full = true; // fsync on every commit: an acknowledged lead is on disk
};

// Opens `path` with the project's pragmas; throws StoreError with the path in the message.
std::unique_ptr<SQLite::Database> open_database(const std::string& path, const OpenOptions& options = {});

// Runs `fn` inside BEGIN IMMEDIATE ... COMMIT; rolls back and rethrows on any exception.
// SQLite busy/locked errors become StoreError{busy}.
void with_write_transaction(SQLite::Database& db, const std::function<void()>& fn);

// Rethrows a SQLite::Exception as StoreError with `context` ("cannot insert source 'x'").
[[noreturn]] void rethrow_store_error(const std::exception& e, const std::string& context);

} // namespace leadhub::store
