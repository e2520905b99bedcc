#include "daemon/http_server.hpp"

#include "core/util/thread_name.hpp"
#include "daemon/http_connection.hpp"

#include <fmt/format.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <charconv>
#include <stdexcept>
#include <thread>

namespace leadhub::daemon {

namespace {

constexpr int k_listen_backlog = 1024;

// cpp-httplib's pool, keeping count of the accepted connections that wait for a thread.
class CountingPool : public httplib::ThreadPool {
public:
  CountingPool(size_t threads, std::shared_ptr<ThreadDemand> demand)
      : httplib::ThreadPool(threads), m_demand(std::move(demand))
  {
  }
  void enqueue(std::function<void()> fn) override
  {
    m_demand->queued();
    httplib::ThreadPool::enqueue([fn = std::move(fn), demand = m_demand] {
      demand->started();
      util::name_this_thread("lh-http");
      fn();
    });
  }

private:
  std::shared_ptr<ThreadDemand> m_demand;
};

std::unique_ptr<httplib::Server> make_server(const HttpSettings& s, std::shared_ptr<const ThreadDemand> demand)
{
  if (s.tls_cert.empty() != s.tls_key.empty())
    throw std::runtime_error("tls_cert and tls_key must be set together");
  if (s.tls_cert.empty())
    return s.bare ? std::make_unique<httplib::Server>() : make_deferring_server(std::move(demand));
  auto server = std::make_unique<httplib::SSLServer>(s.tls_cert.c_str(), s.tls_key.c_str());
  if (!server->is_valid())
    throw std::runtime_error(
        fmt::format("cannot load TLS certificate '{}' or key '{}' (PEM, readable, matching)", s.tls_cert, s.tls_key));
  return server;
}

} // namespace

Result<ListenAddress> parse_listen(std::string_view text)
{
  auto bad = [&] { return fail(Errc::usage, fmt::format("listen address '{}' is not HOST:PORT", text)); };
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return bad();
  std::string_view host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']' || host.size() < 3)
      return bad();
    host = host.substr(1, host.size() - 2);
  }
  auto port_text = text.substr(colon + 1);
  int port = -1;
  auto r = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (r.ec != std::errc() || r.ptr != port_text.data() + port_text.size() || port < 0 || port > 65535)
    return bad();
  return ListenAddress{std::string(host), port};
}

HttpServer::HttpServer(HttpSettings settings)
    : m_settings(std::move(settings)), m_demand(std::make_shared<ThreadDemand>()),
      m_server(make_server(m_settings, m_demand))
{
  auto& s = *m_server;
  // Without it every keep-alive answer waits ~40 ms for the client's delayed ACK (Nagle).
  s.set_tcp_nodelay(true);
  int threads = m_settings.threads > 0 ? m_settings.threads : 32;
  s.new_task_queue = [threads, demand = m_demand] { return new CountingPool(static_cast<size_t>(threads), demand); };
  // The default of 5 requests per connection makes senders reconnect all the time.
  s.set_keep_alive_max_count(100000);
  s.set_keep_alive_timeout(m_settings.keep_alive_timeout.count());
  s.set_read_timeout(m_settings.read_timeout.count(), 0);
  s.set_write_timeout(m_settings.write_timeout.count(), 0);
  // 0.11.4 calls listen(fd, 5) with no setter: keep the fd from here and listen again in bind().
  // Replacing the socket options drops the library's SO_REUSEADDR/SO_REUSEPORT, so set what we
  // want: SO_REUSEADDR (restart while old connections sit in TIME_WAIT), not SO_REUSEPORT (which
  // would let a second daemon bind the same port silently).
  s.set_socket_options([this](socket_t fd) {
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    m_listen_fd = fd;
  });
}

Result<int> HttpServer::bind()
{
  const auto& l = m_settings.listen;
  int port = l.port;
  if (port == 0)
    port = m_server->bind_to_any_port(l.host);
  else if (!m_server->bind_to_port(l.host, port))
    port = -1;
  if (port <= 0 || m_listen_fd < 0)
    return fail(Errc::failure, fmt::format("cannot listen on {}:{}", l.host, l.port),
                "is another process using the port, or is the address not local?");
  if (::listen(m_listen_fd, k_listen_backlog) != 0)
    return fail(Errc::failure, fmt::format("cannot raise the listen backlog on {}:{}", l.host, port));
  return port;
}

bool HttpServer::serve()
{
  bool ok = m_server->listen_after_bind();
  m_served = true;
  return ok;
}

void HttpServer::stop()
{
  // stop() is a no-op until listen_after_bind has set the running flag; retry until it returned.
  while (!m_served) {
    m_server->stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

} // namespace leadhub::daemon
