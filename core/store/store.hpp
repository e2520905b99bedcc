// Store: the open database plus the master-key sealer; the handle every repository works on.
#pragma once

#include "core/crypto/sealer.hpp"
#include "core/store/database.hpp"

#include <SQLiteCpp/Statement.h>

#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>

namespace leadhub::store {

// A statement prepared once per connection (see StatementCache); reset and unbound when the lease
// goes, so that a finished read never keeps a snapshot open and blocks other writers.
class CachedStatement {
public:
  explicit CachedStatement(SQLite::Statement& st) : m_st(st) {}
  ~CachedStatement()
  {
    try {
      m_st.reset();
    } catch (...) { // the error was already reported by the step that failed
    }
    m_st.clearBindings();
  }
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  SQLite::Statement& operator*() { return m_st; }
  SQLite::Statement* operator->() { return &m_st; }

private:
  SQLite::Statement& m_st;
};

// Prepared statements of one connection, keyed by their SQL text: preparing is most of the cost
// of a small query, and the delivery path runs the same few queries on every request.
class StatementCache {
public:
  explicit StatementCache(SQLite::Database& db) : m_db(db) {}
  // The statement for `sql`, prepared on first use; not re-entrant for the same SQL.
  CachedStatement get(const std::string& sql) { return CachedStatement(*entry(sql).second); }
  // The same, for SQL in a string literal: found by its address first (no string is built and
  // hashed on every call), and the text is still compared, so any pointer is safe.
  CachedStatement get(const char* sql)
  {
    auto& hit = m_by_address[sql];
    if (!hit.statement || std::strcmp(hit.sql->c_str(), sql) != 0) {
      auto& found = entry(sql);
      hit = {&found.first, found.second.get()};
    }
    return CachedStatement(*hit.statement);
  }

private:
  using Entry = std::pair<const std::string, std::unique_ptr<SQLite::Statement>>;
  // The entry for `sql`, its statement prepared on first use.
  Entry& entry(const std::string& sql)
  {
    auto& found = *m_statements.try_emplace(sql).first;
    if (!found.second)
      found.second = std::make_unique<SQLite::Statement>(m_db, found.first);
    return found;
  }

  struct Hit {
    const std::string* sql = nullptr; // the key in m_statements (node keys do not move)
    SQLite::Statement* statement = nullptr;
  };
  SQLite::Database& m_db;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> m_statements;
  std::unordered_map<const char*, Hit> m_by_address;
};

class Store {
public:
  Store(std::unique_ptr<SQLite::Database> db, crypto::Sealer sealer)
      : m_db(std::move(db)), m_sealer(std::move(sealer)), m_statements(*m_db)
  {
  }

  SQLite::Database& db() { return *m_db; }
  const crypto::Sealer& sealer() const { return m_sealer; }
  // A statement of this connection prepared once and kept (for queries run on every delivery).
  CachedStatement cached(const std::string& sql) { return m_statements.get(sql); }

private:
  std::unique_ptr<SQLite::Database> m_db;
  crypto::Sealer m_sealer;
  StatementCache m_statements; // destroyed before m_db
};

// Opens (creating when missing) the database and the master key file.
// Throws StoreError on a database fault; fails for a bad key file.
Result<std::unique_ptr<Store>> open_store(const std::string& db_path, const std::string& key_path,
                                          const OpenOptions& options = {});

} // namespace leadhub::store
