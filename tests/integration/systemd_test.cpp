// The systemd service protocol, with a test socket standing in for systemd: READY=1 once
// listening, WATCHDOG=1 at half of WATCHDOG_USEC, RELOADING=1/READY=1 around SIGHUP, STOPPING=1.
// And HTTPS with tls_cert/tls_key.
#include "tests/support/daemon.hpp"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>

using leadhub::test::create_source;
using leadhub::test::Daemon;
using leadhub::test::DaemonConfig;
using leadhub::test::run;
using leadhub::test::TempDir;

namespace {

using namespace std::chrono_literals;

// A datagram socket at a path, like systemd's notify socket.
class NotifySocket {
public:
  explicit NotifySocket(std::string path) : m_path(std::move(path))
  {
    m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    m_path.copy(addr.sun_path, sizeof addr.sun_path - 1);
    if (::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error("cannot bind notify socket " + m_path);
    timeval tv{0, 100000};
    ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~NotifySocket() { ::close(m_fd); }
  const std::string& path() const { return m_path; }

  // Reads messages until one contains `text`; everything read so far is kept in history().
  bool wait_for(const std::string& text, std::chrono::seconds deadline)
  {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < until) {
      char buf[4096];
      auto n = ::recv(m_fd, buf, sizeof buf, 0);
      if (n > 0) {
        std::string message(buf, static_cast<size_t>(n));
        m_history += message + "\n---\n";
        if (message.find(text) != std::string::npos)
          return true;
      }
    }
    return false;
  }
  const std::string& history() const { return m_history; }

private:
  std::string m_path, m_history;
  int m_fd = -1;
};

TEST(Systemd, ReadyWatchdogReloadStopping)
{
  TempDir dir;
  NotifySocket notify(dir.file("notify"));
  Daemon daemon(DaemonConfig{{}, {{"NOTIFY_SOCKET", notify.path()}, {"WATCHDOG_USEC", "400000"}}});
  ASSERT_TRUE(notify.wait_for("READY=1", 10s)) << notify.history();
  EXPECT_NE(notify.history().find("STATUS=listening on 127.0.0.1:" + std::to_string(daemon.port())), std::string::npos)
      << notify.history();
  // Pings every 200 ms: two of them within a few seconds.
  ASSERT_TRUE(notify.wait_for("WATCHDOG=1", 5s)) << notify.history();
  ASSERT_TRUE(notify.wait_for("WATCHDOG=1", 5s)) << notify.history();
  ::kill(daemon.pid(), SIGHUP);
  ASSERT_TRUE(notify.wait_for("RELOADING=1", 10s)) << notify.history();
  ASSERT_TRUE(notify.wait_for("READY=1", 10s)) << notify.history();
  daemon.stop(SIGTERM, 0ms); // sends it; the exit is waited for below
  ASSERT_TRUE(notify.wait_for("STOPPING=1", 10s)) << notify.history();
  EXPECT_EQ(daemon.stop(0, 20s), 0) << daemon.log();
}

TEST(Tls, ServesHttpsWithTheConfiguredCertificate)
{
  TempDir keys;
  auto cert = keys.file("cert.pem"), key = keys.file("key.pem");
  auto made = run({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                   "-days", "1", "-subj", "/CN=127.0.0.1"});
  ASSERT_EQ(made.exit_code, 0) << "openssl could not make a test certificate: " << made.err;
  Daemon daemon(DaemonConfig{{{"tls_cert", cert}, {"tls_key", key}}, {}});
  EXPECT_EQ(daemon.base_url().rfind("https://", 0), 0u);
  EXPECT_NE(daemon.log().find("scheme=https"), std::string::npos) << daemon.log();
  auto src = create_source(daemon, "tls", "webform");
  auto r = daemon.client()->Post(src.webhook_path.c_str(), R"({"email":"tls@example.com"})", "application/json");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
  // Plain HTTP on the TLS port gets nothing useful.
  httplib::Client plain("127.0.0.1", daemon.port());
  plain.set_read_timeout(5s);
  auto p = plain.Get("/healthz");
  EXPECT_TRUE(!p || p->status != 200);
}

TEST(Tls, MissingCertificateFailsToStart)
{
  TempDir dir;
  auto conf = dir.write("leadhub.conf", "db = " + dir.file("x.db") + "\nlisten = 127.0.0.1:0\ntls_cert = " +
                                            dir.file("none.pem") + "\ntls_key = " + dir.file("none.key") + "\n");
  auto r = run({LEADHUBD_PATH, "--config", conf});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot load TLS certificate"), std::string::npos) << r.err;
}

} // namespace
