// The systemd service protocol (Type=notify): readiness, watchdog pings, stopping and reloading.
// Every call is a no-op when the daemon does not run under systemd ($NOTIFY_SOCKET unset).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace leadhub::daemon::systemd {

void notify_ready(std::string_view status);
void notify_stopping();
void notify_reloading();
void notify_watchdog();

// Half of $WATCHDOG_USEC when the service manager expects pings from this process, else nullopt.
std::optional<std::chrono::microseconds> watchdog_interval();

} // namespace leadhub::daemon::systemd
