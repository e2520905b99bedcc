// leadhubd as a process: flags, exit codes, log formats and SIGHUP reload.
#include "tests/support/daemon.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <netinet/in.h>
#include <sys/socket.h>

#include <thread>

using leadhub::test::Daemon;
using leadhub::test::DaemonConfig;
using leadhub::test::require_executable;
using leadhub::test::run;
using leadhub::test::TempDir;

namespace {

using namespace std::chrono_literals;

leadhub::test::RunResult leadhubd(const std::vector<std::string>& args)
{
  require_executable(LEADHUBD_PATH, "leadhubd");
  std::vector<std::string> argv = {LEADHUBD_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  leadhub::test::RunOptions options;
  options.unset_env = {"LEADHUB_DB", "LEADHUB_CONFIG", "NOTIFY_SOCKET"};
  return run(argv, options);
}

TEST(DaemonProcess, VersionAndHelp)
{
  auto v = leadhubd({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("leadhubd ", 0), 0u) << v.out;
  auto h = leadhubd({"--help"});
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("--listen"), std::string::npos);
}

TEST(DaemonProcess, BadFlagIsUsageErrorBadConfigIsFailure)
{
  TempDir dir;
  auto flag = leadhubd({"--no-such-flag"});
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_NE(flag.err.find("leadhubd: error:"), std::string::npos) << flag.err;
  auto listen = leadhubd({"--db", dir.file("x.db"), "--listen", "not-an-address"});
  EXPECT_EQ(listen.exit_code, 2) << listen.err;
  auto conf = dir.write("bad.conf", "no_such_key = 1\n");
  auto bad = leadhubd({"--config", conf});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.conf:1"), std::string::npos) << bad.err;
}

TEST(DaemonProcess, PortInUseFailsToStart)
{
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  TempDir dir;
  auto r = leadhubd({"--db", dir.file("x.db"), "--listen", "127.0.0.1:" + std::to_string(ntohs(addr.sin_port))});
  ::close(fd);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("daemon.failed"), std::string::npos) << r.err;
}

TEST(DaemonProcess, JsonLogLinesAndReloadBackToText)
{
  Daemon daemon(DaemonConfig{{{"log_format", "json"}}, {}});
  auto first_line = daemon.log().substr(0, daemon.log().find('\n'));
  auto j = nlohmann::json::parse(first_line);
  EXPECT_EQ(j["event"], "http.listening");
  EXPECT_EQ(j["port"], daemon.port());
  EXPECT_EQ(j["level"], "info");

  daemon.rewrite_config({{"log_format", "text"}, {"listen", "127.0.0.1:1"}});
  ::kill(daemon.pid(), SIGHUP);
  ASSERT_TRUE(daemon.wait_for_log("config.reloaded", 10s)) << daemon.log();
  // Text from here on, and a change that needs a restart is named, not applied.
  EXPECT_NE(daemon.log().find("config.restart_required keys=listen"), std::string::npos) << daemon.log();
  auto r = daemon.client()->Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(DaemonProcess, BrokenConfigOnReloadKeepsRunning)
{
  Daemon daemon;
  std::ofstream(daemon.config_path(), std::ios::app) << "log_level = loud\n";
  ::kill(daemon.pid(), SIGHUP);
  ASSERT_TRUE(daemon.wait_for_log("config.reload_failed", 10s)) << daemon.log();
  auto r = daemon.client()->Get("/readyz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(daemon.stop(SIGINT), 0);
}

} // namespace

namespace {

TEST(DaemonProcess, WarnLevelHidesDeliveriesButNotTheLifeCycle)
{
  Daemon daemon(DaemonConfig{{{"log_level", "warn"}}, {}});
  auto src = leadhub::test::create_source(daemon, "quiet", "webform");
  auto r = daemon.client()->Post(src.webhook_path.c_str(), R"({"email":"quiet@example.com"})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(daemon.stop(SIGTERM), 0);
  auto log = daemon.log();
  EXPECT_NE(log.find("http.listening"), std::string::npos) << log;
  EXPECT_NE(log.find("daemon.stopped"), std::string::npos) << log;
  EXPECT_EQ(log.find("webhook.accepted"), std::string::npos) << log;
}

TEST(DaemonProcess, HeldInfoLinesGoOutBeforeAWarningAndAllOfThemOnStop)
{
  Daemon daemon;
  auto src = leadhub::test::create_source(daemon, "ordered", "webform");
  auto post = [&](const std::string& email) {
    auto r = daemon.client()->Post(src.webhook_path.c_str(), R"({"email":")" + email + R"("})", "application/json");
    return r ? r->status : -1;
  };
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(post("held" + std::to_string(i) + "@example.com"), 200);
  auto bad = daemon.client()->Post(src.webhook_path.c_str(), "{broken", "application/json");
  ASSERT_TRUE(bad);
  ASSERT_EQ(bad->status, 400);
  // The warning is written at once, after every info line held before it.
  ASSERT_TRUE(daemon.wait_for_log("webhook.invalid")) << daemon.log();
  auto log = daemon.log();
  auto warning = log.find("webhook.invalid");
  size_t accepted = 0;
  for (auto at = log.find("webhook.accepted"); at != std::string::npos; at = log.find("webhook.accepted", at + 1)) {
    EXPECT_LT(at, warning);
    ++accepted;
  }
  EXPECT_EQ(accepted, 20u) << log;
  // Lines held when the daemon stops are written before it exits.
  ASSERT_EQ(post("last@example.com"), 200);
  EXPECT_EQ(daemon.stop(SIGTERM), 0);
  log = daemon.log();
  auto last = log.find("webhook.accepted", log.find("webhook.invalid"));
  EXPECT_NE(last, std::string::npos) << log;
  EXPECT_LT(last, log.find("daemon.stopped")) << log;
}

} // namespace
