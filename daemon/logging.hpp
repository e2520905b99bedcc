// leadhubd's log: one line per event on stderr, `event.name key=value ...` text or JSON lines.
// Callers pass only what may be read by anyone with journal access: never a token, secret or body.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace leadhub::daemon {

enum class Level { debug = 0, info, warn, error };
enum class LogFormat { text, json };

// "debug", "info", "warn", "error" -> Level; nullopt for anything else.
std::optional<Level> parse_level(std::string_view name);

// One key=value pair; numbers are written bare, strings quoted where needed.
struct Field {
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(v) {}
  Field(std::string_view k, const char* v) : key(k), value(v) {}
  Field(std::string_view k, int64_t v) : key(k), value(std::to_string(v)), number(true) {}
  Field(std::string_view k, int v) : key(k), value(std::to_string(v)), number(true) {}
  Field(std::string_view k, size_t v) : key(k), value(std::to_string(v)), number(true) {}
  Field(std::string_view k, double v);

  std::string_view key;
  std::string value;
  bool number = false;
};

class Logger {
public:
  // `journal_prefix`: start text lines with <N> syslog priorities, which journald turns into levels.
  explicit Logger(Level level = Level::info, LogFormat format = LogFormat::text, bool journal_prefix = false);
  // Writes out what is still held.
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  void set_level(Level level) { m_level.store(level, std::memory_order_relaxed); }
  void set_format(LogFormat format) { m_format.store(format, std::memory_order_relaxed); }
  bool enabled(Level level) const { return level >= m_level.load(std::memory_order_relaxed); }

  void log(Level level, std::string_view event, std::initializer_list<Field> fields = {});
  void debug(std::string_view event, std::initializer_list<Field> fields = {}) { log(Level::debug, event, fields); }
  void info(std::string_view event, std::initializer_list<Field> fields = {}) { log(Level::info, event, fields); }
  void warn(std::string_view event, std::initializer_list<Field> fields = {}) { log(Level::warn, event, fields); }
  void error(std::string_view event, std::initializer_list<Field> fields = {}) { log(Level::error, event, fields); }
  // The daemon's few life-cycle lines (listening, ready, reloaded, stopping, stopped): written at
  // info whatever log_level says, so that the bound port and the drain are always on record.
  void lifecycle(std::string_view event, std::initializer_list<Field> fields = {});

  // The line `log` would write (without the newline); exposed for tests.
  std::string format_line(Level level, std::string_view event, std::initializer_list<Field> fields) const;

  // How long a debug or info line may wait to be written with others (see write_line).
  static constexpr std::chrono::milliseconds k_batch_delay{2};

private:
  // Debug and info lines (one per delivery, thousands a second) are gathered and written
  // together every k_batch_delay by a thread of the logger's own, instead of one write(2) each;
  // warnings, errors and life-cycle lines are written at once, after whatever is held.
  void write_line(std::string line, bool now);
  void flush_loop();
  // Writes what is held and then `line`; with m_write held.
  void write_out(std::string_view line);

  std::atomic<Level> m_level;
  std::atomic<LogFormat> m_format;
  bool m_journal_prefix;
  std::mutex m_write;   // held while writing: lines reach stderr whole and in order
  std::mutex m_mutex;   // guards what follows
  std::condition_variable m_cv;
  std::string m_held;   // lines not yet written
  bool m_stopping = false;
  std::thread m_flusher; // started with the first held line
};

// Whether stderr is connected to the journal ($JOURNAL_STREAM names its device and inode).
bool stderr_is_journal();

} // namespace leadhub::daemon
