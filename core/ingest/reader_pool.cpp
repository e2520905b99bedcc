#include "core/ingest/reader_pool.hpp"

namespace leadhub::ingest {

ReaderPool::Lease ReaderPool::acquire()
{
  {
    std::lock_guard lock(m_mutex);
    if (!m_free.empty()) {
      auto store = std::move(m_free.back());
      m_free.pop_back();
      return Lease(*this, std::move(store));
    }
  }
  store::OpenOptions options;
  options.create = false;
  options.migrate = false; // the writer connection migrated at start
  auto db = store::open_database(m_db_path, options);
  return Lease(*this, std::make_unique<store::Store>(std::move(db), m_sealer));
}

void ReaderPool::release(std::unique_ptr<store::Store> store)
{
  if (!store)
    return;
  std::lock_guard lock(m_mutex);
  m_free.push_back(std::move(store));
}

} // namespace leadhub::ingest
