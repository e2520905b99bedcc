// Plain-HTTP connections served by leadhubd's own keep-alive loop around cpp-httplib's request
// parsing, so that a handler can leave its request to be answered later, from another thread.
// leadhubd's deliveries are answered by the writer thread once their commit is durable, instead of
// by a request thread that sleeps until then (one sleep and wake less per delivery).
#pragma once

#include <httplib.h>

#include <memory>
#include <string_view>

namespace leadhub::daemon {

class Connection;

// A cpp-httplib server whose plain-HTTP connections run that loop: 0.11.4's keep-alive limits and
// timeouts, fewer system calls per request than its own loop, and bytes a client sent ahead are
// kept for the next request (0.11.4 drops them).
std::unique_ptr<httplib::Server> make_deferring_server();

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
