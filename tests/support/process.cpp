#include "tests/support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace leadhub::test {

namespace {

std::vector<std::string> build_env(const RunOptions& options)
{
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos)
      env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& name : options.unset_env)
    env.erase(name);
  for (const auto& [k, v] : options.env)
    env[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : env)
    out.push_back(k + "=" + v);
  return out;
}

[[noreturn]] void exec_child(const std::vector<std::string>& argv, const RunOptions& options)
{
  auto env = build_env(options);
  std::vector<char*> args, envp;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (const auto& e : env)
    envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0)
    _exit(126);
  execve(args[0], args.data(), envp.data());
  _exit(127);
}

} // namespace

RunResult run(const std::vector<std::string>& argv, const RunOptions& options)
{
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
    throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    exec_child(argv, options);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  signal(SIGPIPE, SIG_IGN);
  size_t written = 0;
  if (options.input.empty())
    close(in[1]), in[1] = -1;
  RunResult result;
  pollfd fds[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {in[1], POLLOUT, 0}};
  int open_reads = 2;
  while (open_reads > 0) {
    int nfds = in[1] >= 0 ? 3 : 2;
    if (poll(fds, nfds, -1) < 0 && errno != EINTR)
      break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP))) {
        char buf[65536];
        ssize_t n = read(fds[i].fd, buf, sizeof buf);
        if (n <= 0) {
          close(fds[i].fd);
          fds[i].fd = -1;
          --open_reads;
        } else {
          (i == 0 ? result.out : result.err).append(buf, static_cast<size_t>(n));
        }
      }
    }
    if (in[1] >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = write(in[1], options.input.data() + written, options.input.size() - written);
      if (n > 0)
        written += static_cast<size_t>(n);
      if (n <= 0 || written == options.input.size()) {
        close(in[1]);
        in[1] = -1;
      }
    }
  }
  if (in[1] >= 0)
    close(in[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

Child::Child(const std::vector<std::string>& argv, const RunOptions& options)
{
  char tmpl[] = "/tmp/leadhub-child-XXXXXX";
  int fd = mkstemp(tmpl);
  if (fd < 0)
    throw std::runtime_error("mkstemp failed");
  m_err_path = tmpl;
  m_pid = fork();
  if (m_pid < 0)
    throw std::runtime_error("fork failed");
  if (m_pid == 0) {
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(fd, 2);
    exec_child(argv, options);
  }
  close(fd);
}

Child::~Child()
{
  if (alive()) {
    kill(m_pid, SIGKILL);
    wait(5000);
  }
  if (!m_err_path.empty())
    unlink(m_err_path.c_str());
}

bool Child::alive()
{
  if (m_reaped)
    return false;
  int status = 0;
  pid_t r = waitpid(m_pid, &status, WNOHANG);
  if (r == m_pid) {
    m_reaped = true;
    m_status = status;
    return false;
  }
  return true;
}

void Child::signal(int sig)
{
  if (!m_reaped)
    kill(m_pid, sig);
}

int Child::wait(int timeout_ms)
{
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (alive()) {
    if (std::chrono::steady_clock::now() > deadline)
      return -2;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return WIFEXITED(m_status) ? WEXITSTATUS(m_status) : -1;
}

std::string Child::stderr_text() const
{
  std::ifstream in(m_err_path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace leadhub::test
