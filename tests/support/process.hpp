// Running the built programs as subprocesses: argv, stdin, environment in; stdout, stderr, exit code out.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace leadhub::test {

struct RunResult {
  int exit_code = -1; // -1 when killed by a signal
  std::string out;
  std::string err;
};

struct RunOptions {
  std::string input;                         // written to stdin, then closed
  std::map<std::string, std::string> env;    // added to (or replacing in) the environment
  std::vector<std::string> unset_env;        // removed from the environment
  std::string cwd;
};

// Runs `argv` to completion; throws std::runtime_error when it cannot be started.
RunResult run(const std::vector<std::string>& argv, const RunOptions& options = {});

// A child process left running (the daemon); killed with SIGKILL on destruction if still alive.
class Child {
public:
  Child(const std::vector<std::string>& argv, const RunOptions& options = {});
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  int pid() const { return m_pid; }
  bool alive();
  void signal(int sig);
  // Waits up to `timeout_ms`; the exit code, or -1 for a signal, or nullopt-like -2 on timeout.
  int wait(int timeout_ms);
  // Everything the child wrote to stderr so far (it goes to a temporary file).
  std::string stderr_text() const;

private:
  int m_pid = -1;
  int m_status = 0;
  bool m_reaped = false;
  std::string m_err_path;
};

} // namespace leadhub::test
