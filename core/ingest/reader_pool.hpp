// A pool of read connections (each a Store with the sealer), so request threads look up
// connections without waiting on the writer or on each other.
#pragma once

#include "core/store/store.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace leadhub::ingest {

class ReaderPool {
public:
  ReaderPool(std::string db_path, crypto::Sealer sealer) : m_db_path(std::move(db_path)), m_sealer(std::move(sealer)) {}

  class Lease {
  public:
    Lease(ReaderPool& pool, std::unique_ptr<store::Store> store) : m_pool(pool), m_store(std::move(store)) {}
    ~Lease() { m_pool.release(std::move(m_store)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    store::Store& operator*() { return *m_store; }
    store::Store* operator->() { return m_store.get(); }

  private:
    ReaderPool& m_pool;
    std::unique_ptr<store::Store> m_store;
  };

  // A free connection, opening a new one when none is free; throws store::StoreError.
  Lease acquire();
  const crypto::Sealer& sealer() const { return m_sealer; }

private:
  void release(std::unique_ptr<store::Store> store);

  std::string m_db_path;
  crypto::Sealer m_sealer;
  std::mutex m_mutex;
  std::vector<std::unique_ptr<store::Store>> m_free;
};

} // namespace leadhub::ingest
