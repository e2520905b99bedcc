#include "core/ingest/checkpointer.hpp"

#include "core/store/database.hpp"
#include "core/util/thread_name.hpp"

#include <sqlite3.h>

namespace leadhub::ingest {

Checkpointer::Checkpointer(std::string db_path, std::chrono::milliseconds interval, Limits limits)
    : m_db_path(std::move(db_path)), m_interval(interval), m_limits(limits)
{
  m_thread = std::thread([this] {
    util::name_this_thread("lh-checkpoint");
    loop();
  });
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

void Checkpointer::attach(SQLite::Database& writer)
{
  // Replaces the autocheckpoint hook (wal_autocheckpoint is itself a WAL hook).
  sqlite3_wal_hook(
      writer.getHandle(),
      [](void* self, sqlite3* db, const char* schema, int frames) {
        static_cast<Checkpointer*>(self)->after_commit(db, schema, frames);
        return SQLITE_OK;
      },
      this);
}

void Checkpointer::wake()
{
  {
    std::lock_guard lock(m_mutex);
    if (m_woken)
      return;
    m_woken = true;
  }
  m_cv.notify_one();
}

void Checkpointer::after_commit(void* writer_handle, const char* schema, int frames)
{
  // Fewer frames than at the last commit: the WAL started over, and what the thread copied was
  // of the old one.
  if (frames < m_last_frames)
    m_backfilled.store(0, std::memory_order_relaxed);
  m_last_frames = frames;
  // A count that still exceeds `frames` is from before a restart: it then says nothing.
  int backfilled = m_backfilled.load(std::memory_order_relaxed);
  if (backfilled > frames)
    backfilled = 0;
  if (frames >= m_limits.wake_at && frames - backfilled >= m_limits.wake_step)
    wake();
  if (frames < m_limits.finish_at)
    return;
  // The WAL only starts over when a write begins with all of it copied; under constant traffic
  // the thread never gets there (the writer keeps appending), so the writer takes the last step,
  // right after its commit, when the thread has left little to copy.
  if (frames - backfilled > m_limits.finish_rest && frames < m_limits.force_at)
    return;
  // PASSIVE never waits: when the thread is in the middle of a pass, the next commit tries again.
  if (sqlite3_wal_checkpoint_v2(static_cast<sqlite3*>(writer_handle), schema, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                nullptr) == SQLITE_OK)
    m_writer_finishes.fetch_add(1, std::memory_order_relaxed);
}

void Checkpointer::loop()
{
  std::unique_ptr<SQLite::Database> db;
  std::unique_lock lock(m_mutex);
  while (true) {
    m_cv.wait_for(lock, m_interval, [this] { return m_stopping || m_woken; });
    if (m_stopping)
      return;
    m_woken = false;
    lock.unlock();
    try {
      if (!db) {
        store::OpenOptions options;
        options.create = false;
        options.migrate = false;
        options.busy_timeout_ms = 0; // PASSIVE never waits; a busy database is simply tried later
        db = store::open_database(m_db_path, options);
      }
      int log = 0, copied = 0;
      if (sqlite3_wal_checkpoint_v2(db->getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied) == SQLITE_OK) {
        m_backfilled.store(copied, std::memory_order_relaxed);
        m_passes.fetch_add(1, std::memory_order_relaxed);
      }
    } catch (const std::exception&) {
      db.reset(); // reopened on the next round; the writer keeps working regardless
    }
    lock.lock();
  }
}

} // namespace leadhub::ingest
