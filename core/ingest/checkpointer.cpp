#include "core/ingest/checkpointer.hpp"

#include "core/store/database.hpp"

namespace leadhub::ingest {

Checkpointer::Checkpointer(std::string db_path, std::chrono::milliseconds interval)
    : m_db_path(std::move(db_path)), m_interval(interval)
{
  m_thread = std::thread([this] { loop(); });
}

Checkpointer::~Checkpointer()
{
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_cv.notify_all();
  m_thread.join();
}

void Checkpointer::loop()
{
  std::unique_ptr<SQLite::Database> db;
  std::unique_lock lock(m_mutex);
  while (!m_cv.wait_for(lock, m_interval, [this] { return m_stopping; })) {
    lock.unlock();
    try {
      if (!db) {
        store::OpenOptions options;
        options.create = false;
        options.migrate = false;
        options.busy_timeout_ms = 0; // PASSIVE never waits; a busy database is simply tried later
        db = store::open_database(m_db_path, options);
      }
      db->exec("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (const std::exception&) {
      db.reset(); // reopened on the next round; the writer keeps working regardless
    }
    lock.lock();
  }
}

} // namespace leadhub::ingest
