// leadhubd's log: one line per event on stderr, `event.name key=value ...` text or JSON lines.
// Callers pass only what may be read by anyone with journal access: never a token, secret or body.
#pragma once

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

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

private:
  void write_line(std::string line);

  std::atomic<Level> m_level;
  std::atomic<LogFormat> m_format;
  bool m_journal_prefix;
  std::mutex m_write; // one write(2) per line keeps lines whole; the mutex keeps them in order
};

// Whether stderr is connected to the journal ($JOURNAL_STREAM names its device and inode).
bool stderr_is_journal();

} // namespace leadhub::daemon
