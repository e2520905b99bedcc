// WAL checkpoints for the group-commit writer, kept off its path: a connection of its own copies
// the WAL back into the database whenever the writer's commits have grown it, and the writer only
// finishes the last stretch itself, so that SQLite can restart the WAL from its start.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace SQLite {
class Database;
}

namespace leadhub::ingest {

class Checkpointer {
public:
  struct Limits {
    int wake_at = 1000;     // WAL frames after a commit that wake the checkpointer thread
    int finish_at = 2000;   // from here the writer finishes a checkpoint the thread has mostly done...
    int finish_rest = 500;  // ...once at most this many frames are left to copy
    int force_at = 20000;   // and past this it checkpoints whatever is left (the thread is stuck)
    // The thread is woken again only once this many frames have come since what it last copied:
    // each pass syncs the WAL (a device flush, which the writer's next commit then waits behind)
    // and copies the B-trees' right edges, which every commit rewrites, once more. A pass per
    // commit cost 10 us per delivery and made commits slower.
    int wake_step = 200;
  };

  // Checkpoints `db_path` (PASSIVE) when woken by attach()'s hook, and every `interval` anyway,
  // until destroyed.
  Checkpointer(std::string db_path, std::chrono::milliseconds interval, Limits limits);
  Checkpointer(std::string db_path, std::chrono::milliseconds interval)
      : Checkpointer(std::move(db_path), interval, Limits{})
  {
  }
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Installs the commit hook on the writer's connection, in place of SQLite's autocheckpoint.
  // The connection must be closed before this object goes.
  void attach(SQLite::Database& writer);

  struct Counts {
    uint64_t passes = 0;          // checkpoints run by the checkpointer thread
    uint64_t writer_finishes = 0; // checkpoints the writer ran itself
  };
  Counts counts() const { return {m_passes.load(), m_writer_finishes.load()}; }

private:
  void loop();
  // Called by SQLite on the writer's thread after each commit, with the frames now in the WAL.
  void after_commit(void* writer_handle, const char* schema, int frames);
  void wake();

  std::string m_db_path;
  std::chrono::milliseconds m_interval;
  Limits m_limits;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_stopping = false;
  bool m_woken = false;
  std::atomic<int> m_backfilled{0}; // frames the thread's last pass had copied
  int m_last_frames = 0;            // WAL frames at the writer's last commit (the writer's alone)
  std::atomic<uint64_t> m_passes{0}, m_writer_finishes{0};
  std::thread m_thread;
};

} // namespace leadhub::ingest
