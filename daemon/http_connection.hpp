// Plain-HTTP connections served by leadhubd's own keep-alive loop around cpp-httplib's request
// parsing, so that a handler can leave its request to be answered later, from another thread.
// leadhubd's deliveries are answered by the writer thread once their commit is durable, instead of
// by a request thread that sleeps until then (one sleep and wake less per delivery).
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

namespace leadhub::daemon {

class Connection;

// A cpp-httplib server whose plain-HTTP connections run that loop: 0.11.4's keep-alive limits and
// timeouts, fewer system calls per request than its own loop, and bytes a client sent ahead are
// kept for the next request (0.11.4 drops them).
// Accepted connections that wait for a thread of the server's pool (HttpServer's pool counts them).
struct ThreadDemand {
  std::atomic<int> waiting{0};
  std::atomic<int64_t> since{0}; // steady-clock nanoseconds when `waiting` last rose from 0
  void queued();
  void started();
  // Whether some connection has been waiting for a thread, without a break, for k_starved or more.
  bool starved() const;
  static constexpr std::chrono::milliseconds k_starved{50};
};

// Each open connection holds a thread. While a connection waits for one (ThreadDemand::starved),
// connections give theirs up: an answer says "Connection: close", and an idle connection is closed.
// Without this, a new client (a metrics scrape, another platform) waits as long as busy keep-alive
// connections hold every thread. A short wait (a thread about to be free) is not starvation, so
// connections and threads in equal numbers do not churn.
std::unique_ptr<httplib::Server> make_deferring_server(std::shared_ptr<const ThreadDemand> demand);

// The answer to a request that its handler left for later.
class DeferredResponse {
public:
  DeferredResponse() = default;
  // Takes over answering the request that the calling handler runs for: what the handler puts in
  // its httplib::Response is discarded. Empty when the connection cannot be answered later
  // (HTTPS, or a server not made by make_deferring_server); the handler answers as usual then.
  static DeferredResponse take(const httplib::Request& req);

  DeferredResponse(DeferredResponse&&) noexcept = default;
  DeferredResponse& operator=(DeferredResponse&&) noexcept;
  // One never sent answers 500, so that the connection does not wait for ever.
  ~DeferredResponse();

  explicit operator bool() const { return m_connection != nullptr; }
  // Sends the answer (the first call only), from any thread. It never blocks: what the socket
  // does not take at once, the connection's own thread sends.
  void send(int status, std::string_view content_type, std::string_view body);

private:
  std::shared_ptr<Connection> m_connection;
  bool m_close = false; // the answer says "Connection: close"
};

} // namespace leadhub::daemon
