#include "daemon/systemd.hpp"

#include <systemd/sd-daemon.h>

#include <string>

namespace leadhub::daemon::systemd {

void notify_ready(std::string_view status)
{
  std::string message = "READY=1\nSTATUS=" + std::string(status);
  sd_notify(0, message.c_str());
}

void notify_stopping()
{
  sd_notify(0, "STOPPING=1\nSTATUS=draining in-flight requests");
}

void notify_reloading()
{
  sd_notify(0, "RELOADING=1");
}

void notify_watchdog()
{
  sd_notify(0, "WATCHDOG=1");
}

std::optional<std::chrono::microseconds> watchdog_interval()
{
  uint64_t usec = 0;
  // unset_environment = 0: the variables stay for anything that checks them later.
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
    return std::nullopt;
  return std::chrono::microseconds(usec / 2);
}

} // namespace leadhub::daemon::systemd
