#include "daemon/http_connection.hpp"

#include <fmt/format.h>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <utility>

namespace leadhub::daemon {

namespace {

// < 0 error, 0 timeout, > 0 ready; EINTR is retried.
int poll_one(int fd, short events, int timeout_ms)
{
  pollfd p{fd, events, 0};
  int r;
  do {
    r = ::poll(&p, 1, timeout_ms);
  } while (r < 0 && errno == EINTR);
  return r;
}

int to_ms(time_t sec, time_t usec)
{
  return static_cast<int>(sec * 1000 + usec / 1000);
}

void address_of(int fd, bool peer, std::string& ip, int& port)
{
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  int r = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
               : ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (r != 0)
    return;
  std::array<char, NI_MAXHOST> host{};
  std::array<char, NI_MAXSERV> serv{};
  if (::getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host.data(), host.size(), serv.data(), serv.size(),
                    NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host.data();
    port = std::atoi(serv.data());
  }
}

const char* reason_phrase(int status)
{
  switch (status) {
  case 200: return "OK";
  case 201: return "Created";
  case 202: return "Accepted";
  case 204: return "No Content";
  case 400: return "Bad Request";
  case 401: return "Unauthorized";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 409: return "Conflict";
  case 413: return "Payload Too Large";
  case 415: return "Unsupported Media Type";
  case 422: return "Unprocessable Entity";
  case 429: return "Too Many Requests";
  case 500: return "Internal Server Error";
  case 503: return "Service Unavailable";
  default: return status < 400 ? "OK" : status < 500 ? "Bad Request" : "Internal Server Error";
  }
}

} // namespace

struct Timeouts {
  int read_ms, write_ms;
  time_t keep_alive_sec;
  size_t keep_alive_max;
};

// One client connection: cpp-httplib's Stream over the socket, plus the state of a deferred answer.
// Fewer system calls than cpp-httplib's SocketStream: no poll before a read the keep-alive wait
// just found ready, the addresses read once per connection, and a request's answer written with
// one send (cpp-httplib polls twice before each of its two sends).
class Connection : public httplib::Stream {
public:
  Connection(int fd, Timeouts t) : m_fd(fd), m_t(t) {}

  bool is_readable() const override { return poll_one(m_fd, POLLIN, m_t.read_ms) > 0; }
  bool is_writable() const override { return poll_one(m_fd, POLLOUT, m_t.write_ms) > 0; }
  ssize_t read(char* ptr, size_t size) override
  {
    if (m_off < m_len) {
      size_t n = std::min(size, m_len - m_off);
      std::memcpy(ptr, m_buffer.data() + m_off, n);
      m_off += n;
      return static_cast<ssize_t>(n);
    }
    flush(); // an interim answer (100 Continue) goes out before the client is waited for
    if (!std::exchange(m_ready, false) && !is_readable())
      return -1;
    m_off = m_len = 0;
    if (size >= m_buffer.size())
      return recv_some(ptr, size);
    ssize_t n = recv_some(m_buffer.data(), m_buffer.size());
    if (n <= 0)
      return n;
    size_t take = std::min(size, static_cast<size_t>(n));
    std::memcpy(ptr, m_buffer.data(), take);
    m_off = take;
    m_len = static_cast<size_t>(n);
    return static_cast<ssize_t>(take);
  }
  ssize_t write(const char* ptr, size_t size) override
  {
    if (m_broken)
      return -1;
    if (m_discard)
      return static_cast<ssize_t>(size); // the answer of a deferred request is not this one
    m_out.append(ptr, size);
    if (m_out.size() >= k_max_buffered && !flush())
      return -1;
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override
  {
    if (m_remote_port < 0)
      address_of(m_fd, true, m_remote_ip, m_remote_port);
    ip = m_remote_ip;
    port = m_remote_port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override
  {
    if (m_local_port < 0)
      address_of(m_fd, false, m_local_ip, m_local_port);
    ip = m_local_ip;
    port = m_local_port;
  }
  socket_t socket() const override { return m_fd; }

  // Waits, up to the keep-alive timeout, for the next request; false when there is none, the server
  // stops, or another connection starves for a thread.
  bool wait_for_request(const std::atomic<socket_t>& server_socket, const ThreadDemand& demand)
  {
    if (m_off < m_len)
      return true; // sent ahead of our answer
    auto start = std::chrono::steady_clock::now();
    while (server_socket != INVALID_SOCKET) {
      flush_rest();
      int r = poll_one(m_fd, POLLIN, 10);
      if (r != 0)
        return m_ready = r > 0;
      // An idle connection gives its thread up only after a while: a client may be sending on it
      // right now, and would find it closed (a busy one says so in its answer instead).
      auto idle = std::chrono::steady_clock::now() - start;
      if (idle > std::chrono::seconds(m_t.keep_alive_sec) || (idle >= ThreadDemand::k_starved && demand.starved()))
        return false;
    }
    return false;
  }

  // Called by DeferredResponse::take while the handler runs.
  void defer()
  {
    m_discard = true;
    m_pending.store(1, std::memory_order_release);
  }
  // After the request: its answer goes out (unless deferred), and what the next one writes goes to
  // the socket again. False when the connection broke.
  bool end_request()
  {
    m_discard = false;
    return flush();
  }

  // From any thread, once per deferred request.
  void answer(const std::string& bytes)
  {
    size_t sent = 0;
    while (sent < bytes.size() && !m_broken) {
      ssize_t n = ::send(m_fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0)
        sent += static_cast<size_t>(n);
      else if (n < 0 && errno == EINTR)
        continue;
      else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        break; // the connection's thread sends the rest
      else
        m_broken = true;
    }
    if (sent < bytes.size() && !m_broken)
      m_rest = bytes.substr(sent);
    m_pending.store(0, std::memory_order_release);
    m_pending.notify_all();
  }

  // Waits until a deferred answer has gone out; false when the connection broke.
  bool wait_answered()
  {
    while (m_pending.load(std::memory_order_acquire) != 0)
      m_pending.wait(1, std::memory_order_acquire);
    flush_rest();
    return !m_broken;
  }

  Timeouts timeouts() const { return m_t; }

private:
  static constexpr size_t k_max_buffered = 64 * 1024;

  // Sends what the request wrote.
  bool flush() { return send_all(m_out); }
  // Sends `bytes` whole and empties it (blocking; cpp-httplib sets the socket's send timeout to
  // the write timeout); false when the connection broke.
  bool send_all(std::string& bytes)
  {
    size_t sent = 0;
    while (sent < bytes.size() && !m_broken) {
      ssize_t n = send_some(bytes.data() + sent, bytes.size() - sent, 0);
      if (n <= 0)
        m_broken = true;
      else
        sent += static_cast<size_t>(n);
    }
    bytes.clear();
    return !m_broken;
  }
  ssize_t recv_some(char* ptr, size_t size)
  {
    ssize_t n;
    do {
      n = ::recv(m_fd, ptr, size, 0);
    } while (n < 0 && errno == EINTR);
    return n;
  }
  ssize_t send_some(const char* ptr, size_t size, int flags)
  {
    ssize_t n;
    do {
      n = ::send(m_fd, ptr, size, flags | MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }
  // The part of a deferred answer the socket did not take at once (only after m_pending is 0).
  void flush_rest()
  {
    if (m_pending.load(std::memory_order_acquire) == 0 && !m_rest.empty())
      send_all(m_rest);
  }

  int m_fd;
  Timeouts m_t;
  std::array<char, 4096> m_buffer{};
  size_t m_off = 0, m_len = 0;
  bool m_discard = false;            // the connection's thread's alone, as are the next four
  bool m_ready = false;              // the keep-alive wait found the socket readable
  std::string m_out;                 // what the current request wrote
  mutable std::string m_remote_ip, m_local_ip;
  mutable int m_remote_port = -1, m_local_port = -1;
  std::atomic<uint32_t> m_pending{0}; // 1 while a deferred answer is owed
  std::atomic<bool> m_broken{false};
  std::string m_rest; // written by answer() before m_pending drops, then the connection thread's
};

namespace {

// The request the calling thread's handler runs for.
struct Current {
  std::shared_ptr<Connection> connection;
  bool last = false; // the connection closes after this request
};
thread_local Current t_current;

class DeferringServer : public httplib::Server {
public:
  explicit DeferringServer(std::shared_ptr<const ThreadDemand> demand) : m_demand(std::move(demand)) {}

private:
  // cpp-httplib 0.11.4's keep-alive loop, with one Stream per connection and a wait for a
  // deferred answer before the next request is read or the socket closed.
  bool process_and_close_socket(socket_t sock) override
  {
    auto connection = std::make_shared<Connection>(
        sock, Timeouts{to_ms(read_timeout_sec_, read_timeout_usec_), to_ms(write_timeout_sec_, write_timeout_usec_),
                       keep_alive_timeout_sec_, keep_alive_max_count_});
    bool ok = false;
    size_t count = keep_alive_max_count_;
    while (svr_sock_ != INVALID_SOCKET && count > 0 && connection->wait_for_request(svr_sock_, *m_demand)) {
      if (!connection->wait_answered()) // answers go out in order
        break;
      // The keep-alive limit, or another connection waiting for this thread, closes this one after
      // its answer, which says so.
      bool last = count == 1 || m_demand->starved();
      bool closed = false;
      t_current = Current{connection, last};
      ok = process_request(*connection, last, closed, nullptr);
      t_current = Current{};
      if (!connection->end_request() || !ok || closed || last)
        break;
      --count;
    }
    connection->wait_answered();
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
  }

  std::shared_ptr<const ThreadDemand> m_demand;
};

} // namespace

std::unique_ptr<httplib::Server> make_deferring_server(std::shared_ptr<const ThreadDemand> demand)
{
  return std::make_unique<DeferringServer>(std::move(demand));
}

namespace {

int64_t steady_ns()
{
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

} // namespace

void ThreadDemand::queued()
{
  if (waiting.fetch_add(1, std::memory_order_relaxed) == 0)
    since.store(steady_ns(), std::memory_order_relaxed);
}

void ThreadDemand::started()
{
  waiting.fetch_sub(1, std::memory_order_relaxed);
}

bool ThreadDemand::starved() const
{
  return waiting.load(std::memory_order_relaxed) > 0 &&
         steady_ns() - since.load(std::memory_order_relaxed) >=
             std::chrono::duration_cast<std::chrono::nanoseconds>(k_starved).count();
}

DeferredResponse DeferredResponse::take(const httplib::Request& req)
{
  DeferredResponse d;
  if (!t_current.connection)
    return d;
  d.m_connection = t_current.connection;
  // As cpp-httplib decides whether its answer says "Connection: close".
  d.m_close = t_current.last || req.get_header_value("Connection") == "close";
  d.m_connection->defer();
  return d;
}

DeferredResponse& DeferredResponse::operator=(DeferredResponse&& other) noexcept
{
  if (this != &other) {
    if (m_connection)
      send(500, "application/json", R"({"error":"internal error"})");
    m_connection = std::move(other.m_connection);
    m_close = other.m_close;
  }
  return *this;
}

DeferredResponse::~DeferredResponse()
{
  if (m_connection)
    send(500, "application/json", R"({"error":"internal error"})");
}

void DeferredResponse::send(int status, std::string_view content_type, std::string_view body)
{
  auto connection = std::move(m_connection);
  if (!connection)
    return;
  auto t = connection->timeouts();
  std::string bytes = fmt::format("HTTP/1.1 {} {}\r\n", status, reason_phrase(status));
  if (m_close)
    bytes += "Connection: close\r\n";
  fmt::format_to(std::back_inserter(bytes), "Content-Length: {}\r\n", body.size());
  if (!content_type.empty())
    fmt::format_to(std::back_inserter(bytes), "Content-Type: {}\r\n", content_type);
  if (!m_close)
    fmt::format_to(std::back_inserter(bytes), "Keep-Alive: timeout={}, max={}\r\n", t.keep_alive_sec, t.keep_alive_max);
  bytes += "\r\n";
  bytes += body;
  connection->answer(bytes);
}

} // namespace leadhub::daemon
