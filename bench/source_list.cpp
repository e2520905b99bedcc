// Times `leadhubctl source list --format json` as a whole process over 10,000 source connections,
// seeded through the core repositories, and prints the median wall time (aim: under 100 ms).
//
//   bench_source_list [--sources N] [--runs R] [--keep]   (--keep leaves the database for profiling)
#include "core/store/catalog_repo.hpp"
#include "core/store/source_repo.hpp"
#include "core/store/store.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

extern char** environ;

namespace {

using namespace leadhub;

struct Timing {
  double wall_ms = 0, cpu_ms = 0;
  size_t bytes = 0;
  int exit_code = -1;
};

// Runs argv with stdout read through a pipe (as a script would), stderr to /dev/null.
Timing run(const std::vector<std::string>& args)
{
  int out[2];
  if (pipe(out) != 0)
    throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv;
  for (const auto& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("cannot start " + args[0]);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  Timing t;
  std::array<char, 65536> buf{};
  for (ssize_t n; (n = read(out[0], buf.data(), buf.size())) > 0;)
    t.bytes += static_cast<size_t>(n);
  close(out[0]);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  t.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  t.cpu_ms =
      (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
  t.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return t;
}

void seed(const std::string& db, const std::string& key, int count)
{
  store::OpenOptions fast;
  fast.synchronous_full = false; // seeding only: no fsync per connection
  auto opened = store::open_store(db, key, fast);
  if (!opened)
    throw std::runtime_error(opened.error().message);
  auto& s = **opened;
  if (auto p = store::PipelineRepo(s, "default").create("Sales", "New,Contacted,Won:won,Lost:lost"); !p)
    throw std::runtime_error(p.error().message);
  store::SourceRepo repo(s, "default");
  const std::array<const char*, 6> types = {"facebook", "webform", "typeform", "email", "google_ads", "calendly"};
  for (int i = 0; i < count; ++i) {
    store::NewSource spec{fmt::format("connection {:05}", i), types[static_cast<size_t>(i) % types.size()], i % 7 != 0,
                          i % 2 == 0 ? std::optional<std::string>("Sales") : std::nullopt, std::nullopt};
    if (auto r = repo.create(spec); !r)
      throw std::runtime_error(r.error().message);
  }
}

} // namespace

int main(int argc, char** argv)
{
  int sources = 10000, runs = 9;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--keep")
      keep = true;
    else if (flag == "--sources" && i + 1 < argc)
      sources = std::atoi(argv[++i]);
    else if (flag == "--runs" && i + 1 < argc)
      runs = std::atoi(argv[++i]);
  }
  auto dir = std::filesystem::temp_directory_path() / fmt::format("leadhub-bench-{}", getpid());
  std::filesystem::create_directories(dir);
  auto db = (dir / "leadhub.db").string();
  try {
    auto t0 = std::chrono::steady_clock::now();
    seed(db, (dir / "master.key").string(), sources);
    auto seed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << fmt::format("seeded {} connections in {:.1f} s\n", sources, seed_s);
    std::vector<std::string> args = {LEADHUBCTL_PATH, "--config", "/dev/null", "--db", db,
                                     "source",        "list",     "--format",  "json"};
    run(args); // warm the page cache
    std::vector<Timing> timings;
    for (int i = 0; i < runs; ++i) {
      timings.push_back(run(args));
      if (timings.back().exit_code != 0)
        throw std::runtime_error("leadhubctl failed");
    }
    std::sort(timings.begin(), timings.end(), [](const Timing& a, const Timing& b) { return a.wall_ms < b.wall_ms; });
    const auto& median = timings[timings.size() / 2];
    std::cout << fmt::format("source list --format json, {} connections: median {:.1f} ms wall, {:.1f} ms cpu "
                             "(min {:.1f}, max {:.1f}; {} runs; {} KiB of JSON)\n",
                             sources, median.wall_ms, median.cpu_ms, timings.front().wall_ms, timings.back().wall_ms,
                             runs, median.bytes / 1024);
  } catch (const std::exception& e) {
    std::cerr << "bench_source_list: error: " << e.what() << '\n';
    std::filesystem::remove_all(dir);
    return 1;
  }
  if (keep)
    std::cerr << "kept " << db << '\n';
  else
    std::filesystem::remove_all(dir);
  return 0;
}
