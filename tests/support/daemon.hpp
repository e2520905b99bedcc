// A real leadhubd for integration tests: a temporary directory with its config, database and key,
// the daemon on 127.0.0.1 at a port it picks itself (--listen 127.0.0.1:0, read back from its
// log), readiness polled on /readyz with a deadline, and leadhubctl run on the same database.
#pragma once

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <iostream>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace leadhub::test {

struct DaemonConfig {
  std::map<std::string, std::string> keys; // extra config keys (max_body_bytes, log_format, ...)
  std::map<std::string, std::string> env;  // extra environment for leadhubd
};

class Daemon {
public:
  // Writes the config and starts the daemon; throws std::runtime_error (with the daemon's log) when
  // leadhubd is missing or does not become ready within the deadline.
  explicit Daemon(DaemonConfig config = {});
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Starts leadhubd again on the same files after stop() or kill9().
  void start();
  // Sends `sig` and waits for the exit; the exit code, -1 for death by signal, -2 on timeout.
  int stop(int sig = SIGTERM, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // SIGKILL, and waits until the process is gone.
  void kill9();
  bool running();
  int pid() const { return m_child ? m_child->pid() : -1; }

  int port() const { return m_port; }
  // http://127.0.0.1:PORT, or https:// when the config sets tls_cert.
  std::string base_url() const;
  // A client for this daemon with generous timeouts (storage tests wait for a busy database); over
  // HTTPS it accepts the test's self-signed certificate.
  std::unique_ptr<httplib::Client> client() const;

  const std::string& db_path() const { return m_db; }
  const std::string& config_path() const { return m_config; }
  const TempDir& dir() const { return m_dir; }
  // Everything leadhubd wrote to stderr so far (its log).
  std::string log() const;
  // Waits until the log holds `text` (info lines are written in batches, a few ms late).
  bool wait_for_log(const std::string& text, std::chrono::milliseconds deadline = std::chrono::seconds(10)) const;

  // leadhubctl --db DB --config CONFIG args...; throws when the binary is missing.
  RunResult ctl(const std::vector<std::string>& args, const std::string& input = "") const;
  // Rewrites the config file with `keys` added to the base keys (for reload tests).
  void rewrite_config(const std::map<std::string, std::string>& keys);

private:
  void wait_ready(std::chrono::milliseconds deadline);

  TempDir m_dir;
  std::string m_db, m_config;
  DaemonConfig m_settings;
  std::unique_ptr<Child> m_child;
  int m_port = 0;
};

// A connection created with `leadhubctl --json source create`; paths have no scheme or host.
struct SourceInfo {
  int64_t id = 0;
  std::string name, type;
  std::string webhook_path; // /webhook/inbound/{tenant}/{type}/{token}
  std::string form_path;    // /forms/{tenant}/{token}, webform only
  std::string token;
};

// Creates a connection; fails the calling test (throws) when leadhubctl does not succeed.
SourceInfo create_source(const Daemon& daemon, const std::string& name, const std::string& type,
                         const std::vector<std::string>& extra_args = {});

// The path part of an absolute URL ("http://h:1/a/b" -> "/a/b").
std::string path_of(const std::string& url);

// A single integer from a read-only query on the daemon's database (counts in assertions).
int64_t query_int(const std::string& db_path, const std::string& sql, const std::vector<std::string>& binds = {});

// Fails with a clear message when `path` is not an executable file.
void require_executable(const std::string& path, const std::string& what);

// A test suite whose tests share one leadhubd (started once per suite); the daemon's log is
// printed when a test fails.
class SharedDaemonTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() { s_daemon = std::make_unique<Daemon>(); }
  static void TearDownTestSuite() { s_daemon.reset(); }
  void TearDown() override
  {
    if (HasFailure())
      std::cerr << "leadhubd log:\n" << daemon().log();
  }
  static Daemon& daemon() { return *s_daemon; }

private:
  static inline std::unique_ptr<Daemon> s_daemon;
};

} // namespace leadhub::test
