// The cpp-httplib server, tuned: TCP_NODELAY, a sized thread pool, long keep-alive, a listen
// backlog of 1024 (0.11.4 hard-codes 5), read/write timeouts, and HTTPS when a certificate is set;
// plain-HTTP connections run leadhubd's own loop (http_connection.hpp) unless `bare` is set.
#pragma once

#include "core/util/result.hpp"
#include "daemon/http_connection.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace leadhub::daemon {

struct ListenAddress {
  std::string host; // an address or name; IPv6 without brackets
  int port = 0;     // 0: any free port
};

// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:0"; usage error otherwise.
Result<ListenAddress> parse_listen(std::string_view text);

struct HttpSettings {
  ListenAddress listen;
  int threads = 32;              // each open connection holds one (see make_deferring_server)
  std::string tls_cert, tls_key; // both set: HTTPS
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds write_timeout{10};
  std::chrono::seconds keep_alive_timeout{5}; // also bounds how long a drain waits for idle clients
  // Plain HTTP runs leadhubd's own connection loop (see http_connection.hpp); `bare` keeps
  // cpp-httplib's, for the benchmark's baseline server.
  bool bare = false;
};

class HttpServer {
public:
  // Throws std::runtime_error when the TLS certificate or key cannot be loaded.
  explicit HttpServer(HttpSettings settings);
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  httplib::Server& routes() { return *m_server; }
  bool tls() const { return !m_settings.tls_cert.empty(); }

  // Binds and listens; the bound port (the chosen one when the configured port is 0).
  Result<int> bind();
  // Accepts connections until stop(); false when the accept loop could not run.
  bool serve();
  // Stops accepting, lets in-flight requests finish and joins the worker threads; safe to call
  // from another thread, also before serve() has started.
  void stop();

private:
  HttpSettings m_settings;
  std::shared_ptr<ThreadDemand> m_demand; // accepted connections waiting for a thread
  std::unique_ptr<httplib::Server> m_server;
  int m_listen_fd = -1;
  std::atomic<bool> m_served{false};
};

} // namespace leadhub::daemon
