// bench_noop_server: the baseline for bench/ingest. A cpp-httplib server that answers every POST
// with 200 and does nothing else, set up by leadhubd's own HttpServer so that it is tuned exactly
// the same way (TCP_NODELAY, thread pool, keep-alive count, listen backlog), but with
// cpp-httplib's own connection loop rather than leadhubd's.
//   bench_noop_server [HOST:PORT] [THREADS]      prints "port=N" once it listens
#include "daemon/http_server.hpp"

#include <csignal>
#include <cstdio>
#include <string>

int main(int argc, char** argv)
{
  std::string listen = argc > 1 ? argv[1] : "127.0.0.1:0";
  int threads = argc > 2 ? std::stoi(argv[2]) : 32;
  auto address = leadhub::daemon::parse_listen(listen);
  if (!address) {
    std::fprintf(stderr, "bench_noop_server: error: %s\n", address.error().message.c_str());
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);
  leadhub::daemon::HttpSettings settings;
  settings.listen = *address;
  settings.threads = threads;
  settings.bare = true; // cpp-httplib's own connection loop: the baseline is the library as it is
  leadhub::daemon::HttpServer server(settings);
  server.routes().Post(".*", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });
  auto port = server.bind();
  if (!port) {
    std::fprintf(stderr, "bench_noop_server: error: %s\n", port.error().message.c_str());
    return 1;
  }
  std::printf("port=%d\n", *port);
  std::fflush(stdout);
  return server.serve() ? 0 : 1;
}
