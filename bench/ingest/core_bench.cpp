// bench_ingest_core: the delivery path without HTTP. THREADS client threads call
// Ingestor::handle with the bench payload for SECONDS, durable as in leadhubd (group commit,
// fsync before every answer), and it prints deliveries per second, the CPU each delivery costs
// (all of the process, the client threads, the writer thread), and the commits' batch size.
// Made to compare changes to the core: CPU per delivery moves far less between runs than
// requests per second do on a shared machine.
//
//   bench_ingest_core [--threads 32] [--seconds 5] [--payload FILE] [--keep DIR] [--sql SQL]
// --sql runs SQL on the new database before the run (to try a schema or a pragma).
#include "core/ingest/ingestor.hpp"
#include "core/store/catalog_repo.hpp"
#include "core/store/source_repo.hpp"
#include "core/store/store.hpp"

#include <fmt/format.h>

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace leadhub;

struct Args {
  int threads = 32;
  double seconds = 5;
  std::string payload = LEADHUB_SOURCE_DIR "/tests/fixtures/payloads/lead_1500.json";
  std::string keep;
  std::string sql;
};

Args parse_args(int argc, char** argv)
{
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--threads")
      a.threads = std::stoi(value);
    else if (flag == "--seconds")
      a.seconds = std::stod(value);
    else if (flag == "--payload")
      a.payload = value;
    else if (flag == "--keep")
      a.keep = value;
    else if (flag == "--sql")
      a.sql = value;
    else
      throw std::runtime_error("unknown option " + flag);
  }
  return a;
}

double thread_cpu_seconds()
{
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double process_cpu_seconds()
{
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(ru.ru_utime) + s(ru.ru_stime);
}

// CPU seconds of the threads of this process other than the listed ones (the writer and the
// checkpointer, the ingest threads the client threads hand work to), by thread id.
std::map<pid_t, double> other_threads_cpu_seconds(const std::vector<pid_t>& clients)
{
  std::map<pid_t, double> out;
  long ticks = sysconf(_SC_CLK_TCK);
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    pid_t tid = std::stoi(entry.path().filename().string());
    if (tid == gettid() || std::find(clients.begin(), clients.end(), tid) != clients.end())
      continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(in)), {});
    std::istringstream rest(stat.substr(stat.rfind(')') + 2));
    std::string field;
    unsigned long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14)
        utime = std::stoul(field);
      if (i == 15)
        stime = std::stoul(field);
    }
    out[tid] = static_cast<double>(utime + stime) / static_cast<double>(ticks);
  }
  return out;
}

} // namespace

int main(int argc, char** argv)
{
  try {
    auto args = parse_args(argc, argv);
    std::ifstream in(args.payload);
    if (!in)
      throw std::runtime_error("cannot read payload " + args.payload);
    std::string payload((std::istreambuf_iterator<char>(in)), {});

    std::string dir = args.keep;
    if (dir.empty()) {
      char tmpl[] = "/tmp/leadhub-core-bench.XXXXXX";
      if (!mkdtemp(tmpl))
        throw std::runtime_error("cannot create a temporary directory");
      dir = tmpl;
    }
    std::filesystem::create_directories(dir);
    std::string db = dir + "/leadhub.db", key = dir + "/master.key";
    std::string token;
    {
      auto s = store::open_store(db, key);
      if (!s)
        throw std::runtime_error(s.error().message);
      auto source = store::SourceRepo(**s, "default").create({"bench", "webform", true, std::nullopt, std::nullopt});
      if (!source)
        throw std::runtime_error(source.error().message);
      token = source->token;
      if (!args.sql.empty())
        (*s)->db().exec(args.sql);
    }
    ingest::Ingestor ingestor(ingest::IngestOptions{db, key});
    std::atomic<size_t> commits{0}, batched{0};
    ingestor.set_commit_observer([&](double, size_t jobs) {
      commits.fetch_add(1, std::memory_order_relaxed);
      batched.fetch_add(jobs, std::memory_order_relaxed);
    });

    ingest::WebhookRequest request;
    request.tenant = "default";
    request.type = "webform";
    request.token = token;
    request.delivery.method = "POST";
    request.delivery.content_type = request.delivery.content_type_header = "application/json";
    request.delivery.body = payload;
    request.delivery.received_unix = util::system_now();
    request.delivery.headers = {{"host", "127.0.0.1:8080"},
                                {"content-type", "application/json"},
                                {"content-length", std::to_string(payload.size())}};

    // Warm-up, then the measured window.
    std::atomic<int> phase{0}; // 0 warm-up, 1 measured, 2 stop
    std::atomic<size_t> delivered{0}, failed{0};
    std::mutex mutex;
    std::vector<pid_t> tids;
    double client_cpu = 0;
    std::vector<std::thread> clients;
    for (int t = 0; t < args.threads; ++t)
      clients.emplace_back([&] {
        {
          std::lock_guard lock(mutex);
          tids.push_back(gettid());
        }
        double cpu_start = 0;
        bool measuring = false;
        while (true) {
          int p = phase.load(std::memory_order_relaxed);
          if (p == 2)
            break;
          if (p == 1 && !measuring) {
            measuring = true;
            cpu_start = thread_cpu_seconds();
          }
          auto reply = ingestor.handle(request);
          if (measuring)
            (reply.status == 200 ? delivered : failed).fetch_add(1, std::memory_order_relaxed);
        }
        std::lock_guard lock(mutex);
        client_cpu += thread_cpu_seconds() - cpu_start;
      });
    std::this_thread::sleep_for(std::chrono::seconds(1));
    std::map<pid_t, double> others_start;
    {
      std::lock_guard lock(mutex);
      others_start = other_threads_cpu_seconds(tids);
    }
    size_t commits_start = commits.load(), batched_start = batched.load();
    double process_start = process_cpu_seconds();
    auto wall_start = std::chrono::steady_clock::now();
    phase = 1;
    std::this_thread::sleep_for(std::chrono::duration<double>(args.seconds));
    phase = 2;
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    double process = process_cpu_seconds() - process_start;
    // The busiest of the other threads is the writer; the rest is mostly the checkpointer.
    double others = 0, writer = 0;
    for (const auto& [tid, seconds] : other_threads_cpu_seconds(tids)) {
      double used = seconds - (others_start.count(tid) ? others_start[tid] : 0.0);
      others += used;
      writer = std::max(writer, used);
    }
    size_t n_commits = commits.load() - commits_start, n_batched = batched.load() - batched_start;
    for (auto& c : clients)
      c.join();

    size_t n = delivered.load();
    if (n == 0)
      throw std::runtime_error("no delivery was accepted");
    auto us = [n](double seconds) { return seconds * 1e6 / static_cast<double>(n); };
    std::cout << fmt::format("bench_ingest_core: {} threads, {:.1f} s, payload {} B\n", args.threads, wall,
                             payload.size());
    std::cout << fmt::format("deliveries/s {:.0f}  failed {}  batch {:.1f}\n", static_cast<double>(n) / wall,
                             failed.load(), n_commits ? static_cast<double>(n_batched) / n_commits : 0.0);
    std::cout << fmt::format("cpu us/delivery: process {:.1f}  clients {:.1f}  writer {:.1f}  others {:.1f}\n",
                             us(process), us(client_cpu), us(writer), us(others - writer));
    if (args.keep.empty())
      std::filesystem::remove_all(dir);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_ingest_core: error: " << e.what() << "\n";
    return 1;
  }
}
