#include "daemon/daemon.hpp"

#include "core/config/config.hpp"
#include "core/ingest/ingestor.hpp"
#include "daemon/http_server.hpp"
#include "daemon/logging.hpp"
#include "daemon/metrics.hpp"
#include "daemon/reload.hpp"
#include "daemon/routes.hpp"
#include "daemon/signals.hpp"
#include "daemon/systemd.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <thread>

namespace leadhub::daemon {

namespace {

HttpSettings http_settings(const config::Config& config, ListenAddress listen)
{
  HttpSettings s;
  s.listen = std::move(listen);
  s.threads = static_cast<int>(config.get_int("http_threads"));
  s.tls_cert = config.get("tls_cert");
  s.tls_key = config.get("tls_key");
  return s;
}

std::unique_ptr<ingest::Ingestor> open_ingestor(const config::Config& config, Logger& log)
{
  ingest::IngestOptions o;
  o.db_path = config.get("db");
  o.key_path = config.master_key_file();
  o.signature_max_age_seconds = config.get_int("signature_max_age_seconds");
  try {
    return std::make_unique<ingest::Ingestor>(std::move(o));
  } catch (const std::exception& e) {
    log.error("daemon.failed", {{"stage", "open database"}, {"db", config.get("db")}, {"error", e.what()}});
    return nullptr;
  }
}

// The main thread's loop: signals, watchdog pings, and a watch on the server thread.
// Returns the exit code.
int supervise(DaemonState& state, HttpServer& http, std::thread& server_thread, const std::atomic<bool>& server_done)
{
  auto watchdog = systemd::watchdog_interval();
  auto tick = std::chrono::milliseconds(1000);
  if (watchdog)
    tick = std::min(tick, std::chrono::duration_cast<std::chrono::milliseconds>(*watchdog));
  int code = 0;
  while (true) {
    auto event = wait_signal(tick);
    if (watchdog)
      systemd::notify_watchdog();
    if (server_done) {
      state.logger.error("daemon.failed", {{"stage", "serve"}, {"error", "the HTTP server stopped"}});
      code = 1;
      break;
    }
    if (event == SignalEvent::reload)
      reload(state);
    else if (event == SignalEvent::stop)
      break;
  }
  systemd::notify_stopping();
  state.logger.lifecycle("daemon.stopping", {{"reason", code == 0 ? "signal" : "server failure"}});
  http.stop();
  server_thread.join();
  return code;
}

} // namespace

int run(const DaemonOptions& options)
{
  block_signals();
  auto config = load_daemon_config(options);
  if (!config) {
    std::fprintf(stderr, "leadhubd: error: %s\n", config.error().message.c_str());
    return config.error().code == Errc::usage ? 2 : 1;
  }
  auto listen = parse_listen(config->get("listen")); // checked by load_daemon_config
  Logger logger(*parse_level(config->get("log_level")),
                config->get("log_format") == "json" ? LogFormat::json : LogFormat::text, stderr_is_journal());
  auto ingestor = open_ingestor(*config, logger);
  if (!ingestor)
    return 1;
  Metrics metrics;
  ingestor->set_commit_observer([&metrics](double s, size_t n) { metrics.commit(s, n); });
  RouteContext routes{*ingestor, metrics, logger};
  routes.max_body_bytes = config->get_int("max_body_bytes");
  DaemonState state{options, std::move(*config), logger, routes};

  int code = 0;
  {
    std::unique_ptr<HttpServer> http;
    try {
      http = std::make_unique<HttpServer>(http_settings(state.config, *listen));
    } catch (const std::exception& e) {
      logger.error("daemon.failed", {{"stage", "tls"}, {"error", e.what()}});
      return 1;
    }
    install_routes(http->routes(), routes);
    auto port = http->bind();
    if (!port) {
      logger.error("daemon.failed", {{"stage", "listen"}, {"error", port.error().message}});
      return 1;
    }
    std::atomic<bool> server_done{false};
    std::thread server_thread([&] {
      http->serve();
      server_done = true;
    });
    auto scheme = http->tls() ? "https" : "http";
    logger.lifecycle("http.listening", {{"address", listen->host},
                                        {"port", *port},
                                        {"scheme", scheme},
                                        {"threads", state.config.get_int("http_threads")}});
    systemd::notify_ready(fmt::format("listening on {}:{}", listen->host, *port));
    logger.lifecycle("daemon.ready", {{"version", LEADHUB_VERSION}, {"db", state.config.get("db")}});
    code = supervise(state, *http, server_thread, server_done);
  }
  // Every handler has returned; destroying the Ingestor commits what its queue still holds.
  ingestor.reset();
  logger.lifecycle("daemon.stopped", {{"exit_code", code}});
  return code;
}

} // namespace leadhub::daemon
