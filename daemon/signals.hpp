// Signals as events: SIGTERM, SIGINT and SIGHUP are blocked in every thread and taken one at a
// time by the main loop with sigtimedwait, so no work happens inside a signal handler.
#pragma once

#include <chrono>
#include <optional>

namespace leadhub::daemon {

enum class SignalEvent { stop, reload };

// Blocks the signals in the calling thread; call it before starting any thread, which inherit it.
void block_signals();

// The next signal within `timeout`, or nullopt when none came.
std::optional<SignalEvent> wait_signal(std::chrono::milliseconds timeout);

} // namespace leadhub::daemon
