#include "daemon/logging.hpp"

#include "core/util/thread_name.hpp"
#include "core/util/time.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

namespace leadhub::daemon {

namespace {

struct LevelInfo {
  std::string_view name;
  std::string_view journal_prefix; // sd-daemon(3) priority: debug 7, info 6, warning 4, err 3
};
constexpr LevelInfo k_levels[] = {{"debug", "<7>"}, {"info", "<6>"}, {"warn", "<4>"}, {"error", "<3>"}};

constexpr const LevelInfo& info_of(Level level)
{
  return k_levels[static_cast<size_t>(level)];
}

bool needs_quotes(std::string_view v)
{
  if (v.empty())
    return true;
  for (unsigned char c : v)
    if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f)
      return true;
  return false;
}

// Quoted with C-style escapes, so that one event stays one line whatever a value holds.
void append_quoted(std::string& out, std::string_view v)
{
  out += '"';
  for (unsigned char c : v) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < ' ' || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

} // namespace

std::optional<Level> parse_level(std::string_view name)
{
  for (auto level : {Level::debug, Level::info, Level::warn, Level::error})
    if (info_of(level).name == name)
      return level;
  return std::nullopt;
}

Field::Field(std::string_view k, double v) : key(k), value(fmt::format("{:.6g}", v)), number(true) {}

Logger::Logger(Level level, LogFormat format, bool journal_prefix)
    : m_level(level), m_format(format), m_journal_prefix(journal_prefix)
{
}

std::string Logger::format_line(Level level, std::string_view event, std::initializer_list<Field> fields) const
{
  if (m_format.load(std::memory_order_relaxed) == LogFormat::json) {
    nlohmann::json line = {{"time", util::now_iso8601()}, {"level", info_of(level).name}, {"event", event}};
    for (const auto& f : fields) {
      auto number = f.number ? nlohmann::json::parse(f.value, nullptr, false) : nlohmann::json();
      if (f.number && !number.is_discarded())
        line[std::string(f.key)] = std::move(number);
      else
        line[std::string(f.key)] = f.value; // text, or a number JSON cannot hold (inf, nan)
    }
    return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  std::string out;
  if (m_journal_prefix)
    out = info_of(level).journal_prefix; // journald stamps the time itself
  else
    out = fmt::format("{} {} ", util::now_iso8601(), info_of(level).name);
  out += event;
  for (const auto& f : fields) {
    out += ' ';
    out += f.key;
    out += '=';
    if (!f.number && needs_quotes(f.value))
      append_quoted(out, f.value);
    else
      out += f.value;
  }
  return out;
}

Logger::~Logger()
{
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_cv.notify_all();
  if (m_flusher.joinable())
    m_flusher.join();
  std::lock_guard lock(m_write);
  write_out({});
}

void Logger::log(Level level, std::string_view event, std::initializer_list<Field> fields)
{
  if (enabled(level))
    write_line(format_line(level, event, fields), level >= Level::warn);
}

void Logger::lifecycle(std::string_view event, std::initializer_list<Field> fields)
{
  write_line(format_line(Level::info, event, fields), true);
}

namespace {

void write_all(std::string_view bytes)
{
  while (!bytes.empty()) {
    auto n = ::write(STDERR_FILENO, bytes.data(), bytes.size());
    if (n <= 0)
      return; // nowhere left to report it
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

constexpr size_t k_max_held = 256 * 1024; // past this a line is written at once, with the rest

} // namespace

void Logger::write_line(std::string line, bool now)
{
  line += '\n';
  if (!now) {
    std::unique_lock lock(m_mutex);
    if (!m_stopping && m_held.size() + line.size() <= k_max_held) {
      bool was_empty = m_held.empty();
      m_held += line;
      if (!m_flusher.joinable())
        m_flusher = std::thread([this] {
          util::name_this_thread("lh-log");
          flush_loop();
        });
      lock.unlock();
      if (was_empty)
        m_cv.notify_one();
      return;
    }
  }
  std::lock_guard write(m_write);
  write_out(line);
}

void Logger::write_out(std::string_view line)
{
  std::string held;
  {
    std::lock_guard lock(m_mutex);
    held.swap(m_held);
  }
  held += line;
  write_all(held);
}

void Logger::flush_loop()
{
  std::unique_lock lock(m_mutex);
  while (!m_stopping) {
    m_cv.wait(lock, [this] { return m_stopping || !m_held.empty(); });
    if (m_stopping)
      break;
    // Let the lines of the next few milliseconds join this one: one write for all of them.
    m_cv.wait_for(lock, k_batch_delay, [this] { return m_stopping; });
    lock.unlock();
    {
      std::lock_guard write(m_write);
      write_out({});
    }
    lock.lock();
  }
}

bool stderr_is_journal()
{
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (!stream || !*stream)
    return false;
  struct stat st {};
  if (::fstat(STDERR_FILENO, &st) != 0)
    return false;
  return fmt::format("{}:{}", st.st_dev, st.st_ino) == stream;
}

} // namespace leadhub::daemon
