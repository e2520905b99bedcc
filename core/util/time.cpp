#include "core/util/time.hpp"

#include <charconv>
#include <climits>
#include <cstdint>
#include <chrono>
#include <ctime>

namespace leadhub::util {

int64_t system_now()
{
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

std::string iso8601(int64_t unix_seconds)
{
  // Every delivery stamps its event and its log line with the current second: remember the last
  // one formatted, per thread.
  thread_local int64_t last_seconds = INT64_MIN;
  thread_local std::string last_text;
  if (unix_seconds == last_seconds)
    return last_text;
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  last_seconds = unix_seconds;
  last_text = buf;
  return last_text;
}

std::string now_iso8601() { return iso8601(system_now()); }

namespace {

bool read_int(std::string_view s, size_t pos, size_t len, int& out)
{
  if (pos + len > s.size())
    return false;
  auto r = std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return r.ec == std::errc() && r.ptr == s.data() + pos + len;
}

} // namespace

std::optional<int64_t> parse_time(std::string_view s)
{
  if (!s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos && s.size() > 8) {
    int64_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
  }
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-' || !read_int(s, 0, 4, y) || !read_int(s, 5, 2, mo)
      || !read_int(s, 8, 2, d))
    return std::nullopt;
  std::string_view rest = s.substr(10);
  if (!rest.empty()) {
    if (rest[0] != 'T' && rest[0] != ' ')
      return std::nullopt;
    if (rest.back() == 'Z')
      rest.remove_suffix(1);
    if (rest.size() < 6 || rest[3] != ':' || !read_int(rest, 1, 2, h) || !read_int(rest, 4, 2, mi))
      return std::nullopt;
    if (rest.size() == 9 && (rest[6] != ':' || !read_int(rest, 7, 2, sec)))
      return std::nullopt;
    if (rest.size() != 6 && rest.size() != 9)
      return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  return static_cast<int64_t>(timegm(&tm));
}

} // namespace leadhub::util
