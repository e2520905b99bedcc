// Store: the open database plus the master-key sealer; the handle every repository works on.
#pragma once

#include "core/crypto/sealer.hpp"
#include "core/store/database.hpp"

#include <memory>
#include <string>

namespace leadhub::store {

class Store {
public:
  Store(std::unique_ptr<SQLite::Database> db, crypto::Sealer sealer)
      : m_db(std::move(db)), m_sealer(std::move(sealer))
  {
  }

  SQLite::Database& db() { return *m_db; }
  const crypto::Sealer& sealer() const { return m_sealer; }

private:
  std::unique_ptr<SQLite::Database> m_db;
  crypto::Sealer m_sealer;
};

// Opens (creating when missing) the database and the master key file.
// Throws StoreError on a database fault; fails for a bad key file.
Result<std::unique_ptr<Store>> open_store(const std::string& db_path, const std::string& key_path,
                                          const OpenOptions& options = {});

} // namespace leadhub::store
