#include "daemon/signals.hpp"

#include <csignal>
#include <ctime>

namespace leadhub::daemon {

namespace {

sigset_t handled_signals()
{
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

} // namespace

void block_signals()
{
  auto set = handled_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A client that goes away mid-answer must cost an EPIPE, not the process.
  std::signal(SIGPIPE, SIG_IGN);
}

std::optional<SignalEvent> wait_signal(std::chrono::milliseconds timeout)
{
  auto set = handled_signals();
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  ts.tv_nsec = static_cast<long>(timeout.count() % 1000) * 1000000L;
  int sig = sigtimedwait(&set, nullptr, &ts);
  if (sig == SIGHUP)
    return SignalEvent::reload;
  if (sig == SIGTERM || sig == SIGINT)
    return SignalEvent::stop;
  return std::nullopt; // timeout or EINTR
}

} // namespace leadhub::daemon
