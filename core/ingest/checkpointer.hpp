// Runs WAL checkpoints on a connection of its own, off the group-commit path, so that copying
// the WAL back into the database never lengthens a delivery's acknowledgement.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace leadhub::ingest {

class Checkpointer {
public:
  // Checkpoints `db_path` (PASSIVE) every `interval` until destroyed.
  Checkpointer(std::string db_path, std::chrono::milliseconds interval);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

private:
  void loop();

  std::string m_db_path;
  std::chrono::milliseconds m_interval;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_stopping = false;
  std::thread m_thread;
};

} // namespace leadhub::ingest
