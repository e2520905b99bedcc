#include "cli/secret_input.hpp"

#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace leadhub::cli {

namespace {

// Reads one line from the terminal with echo turned off, restoring the terminal afterwards.
std::string prompt_silently(const std::string& what)
{
  std::cerr << "value for " << what << " (not shown): " << std::flush;
  termios saved{};
  bool restore = ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (restore) {
    termios silent = saved;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
  }
  std::string line;
  std::getline(std::cin, line);
  if (restore)
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::cerr << '\n';
  return line;
}

void strip_one_newline(std::string& value)
{
  if (value.ends_with('\n'))
    value.pop_back();
  if (value.ends_with('\r'))
    value.pop_back();
}

} // namespace

Result<std::string> read_secret(const std::string& what, const std::optional<std::string>& from_file)
{
  std::string value;
  if (from_file) {
    std::ifstream in(*from_file, std::ios::binary);
    if (!in)
      return fail(Errc::failure, "cannot read '" + *from_file + "': " + std::strerror(errno));
    value.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } else if (::isatty(STDIN_FILENO)) {
    value = prompt_silently(what);
  } else {
    std::ostringstream all;
    all << std::cin.rdbuf();
    value = all.str();
  }
  strip_one_newline(value);
  if (value.empty())
    return fail(Errc::usage, "empty value for " + what,
                from_file ? "the file '" + *from_file + "' is empty"
                          : "give the value on stdin (a pipe or '< FILE') or with --from-file FILE");
  return value;
}

} // namespace leadhub::cli
