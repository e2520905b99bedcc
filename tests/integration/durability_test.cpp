// Group commit under load: concurrent deliveries all land; a 200 means the lead is on disk, even
// when the daemon is killed with SIGKILL mid-stream; SIGTERM drains and exits 0; leadhubctl
// still writes while deliveries saturate the writer.
#include "tests/support/daemon.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

using leadhub::test::create_source;
using leadhub::test::Daemon;
using leadhub::test::query_int;

namespace {

using namespace std::chrono_literals;

// Threads posting leads with unique emails until told to stop (or `per_thread` each); remembers
// which were acknowledged with 200.
class Stream {
public:
  Stream(const Daemon& daemon, std::string path, int threads, int per_thread)
  {
    for (int t = 0; t < threads; ++t)
      m_threads.emplace_back([this, &daemon, path, t, per_thread] { run(daemon, path, t, per_thread); });
  }
  ~Stream() { join(); }
  void stop() { m_stop = true; }
  void join()
  {
    for (auto& t : m_threads)
      if (t.joinable())
        t.join();
  }
  std::set<std::string> acknowledged()
  {
    std::lock_guard lock(m_mutex);
    return m_acked;
  }
  std::set<int64_t> lead_ids()
  {
    std::lock_guard lock(m_mutex);
    return m_ids;
  }
  int sent() const { return m_sent; }

private:
  void run(const Daemon& daemon, const std::string& path, int t, int per_thread)
  {
    auto client = daemon.client();
    client->set_keep_alive(true);
    for (int i = 0; (per_thread == 0 || i < per_thread) && !m_stop; ++i) {
      auto email = "t" + std::to_string(t) + "-" + std::to_string(i) + "@example.com";
      auto r = client->Post(path.c_str(), R"({"first_name":"Load","email":")" + email + "\"}", "application/json");
      ++m_sent;
      if (!r)
        continue; // the daemon is gone or going: not acknowledged
      if (r->status != 200)
        continue;
      auto body = nlohmann::json::parse(r->body, nullptr, false);
      std::lock_guard lock(m_mutex);
      m_acked.insert(email);
      if (body.is_object() && body.contains("lead_ids"))
        for (auto& id : body["lead_ids"])
          m_ids.insert(id.get<int64_t>());
    }
  }

  std::vector<std::thread> m_threads;
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_sent{0};
  std::mutex m_mutex;
  std::set<std::string> m_acked;
  std::set<int64_t> m_ids;
};

// How many of `emails` have a lead in the database.
size_t stored(const std::string& db_path, const std::set<std::string>& emails)
{
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT count(*) FROM leads WHERE email = ?");
  size_t n = 0;
  for (const auto& e : emails) {
    q.reset();
    q.bind(1, e);
    q.executeStep();
    n += q.getColumn(0).getInt64() == 1 ? 1 : 0;
  }
  return n;
}

void wait_for_acks(Stream& stream, size_t count, std::chrono::seconds deadline)
{
  auto until = std::chrono::steady_clock::now() + deadline;
  while (stream.acknowledged().size() < count && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(10ms);
}

TEST(Durability, ConcurrentDeliveriesAllLandOnce)
{
  Daemon daemon;
  auto src = create_source(daemon, "load", "webform");
  constexpr int k_threads = 8, k_each = 60;
  Stream stream(daemon, src.webhook_path, k_threads, k_each);
  stream.join();
  EXPECT_EQ(stream.acknowledged().size(), size_t(k_threads * k_each));
  EXPECT_EQ(stream.lead_ids().size(), size_t(k_threads * k_each)); // every id distinct
  EXPECT_EQ(query_int(daemon.db_path(), "SELECT count(*) FROM leads WHERE source_id = ?", {std::to_string(src.id)}),
            k_threads * k_each);
  EXPECT_EQ(stored(daemon.db_path(), stream.acknowledged()), size_t(k_threads * k_each));
}

TEST(Durability, KillNineLosesNothingAcknowledged)
{
  Daemon daemon;
  auto src = create_source(daemon, "crash", "webform");
  std::set<std::string> acked;
  {
    Stream stream(daemon, src.webhook_path, 8, 0);
    wait_for_acks(stream, 300, 30s);
    daemon.kill9(); // mid-stream: requests are in flight and commits are queued
    stream.stop();
    stream.join();
    acked = stream.acknowledged();
    ASSERT_GE(acked.size(), 300u) << "the stream did not get going";
    EXPECT_GT(stream.sent(), static_cast<int>(acked.size())) << "nothing was in flight at the kill";
  }
  EXPECT_EQ(stored(daemon.db_path(), acked), acked.size());
  // And the database opens again after the crash.
  daemon.start();
  auto r =
      daemon.client()->Post(src.webhook_path.c_str(), R"({"email":"after-crash@example.com"})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

// The delivery writer holds the write lock for almost all of its time under load; leadhubctl's
// writes (another process, waiting on SQLite's busy timeout) must still get through, not starve.
TEST(Durability, AdminWritesGetThroughDuringASaturatingStream)
{
  Daemon daemon;
  auto src = create_source(daemon, "flood", "webform");
  create_source(daemon, "other", "webform");
  Stream stream(daemon, src.webhook_path, 32, 0);
  wait_for_acks(stream, 200, 30s);
  for (int i = 0; i < 4; ++i) {
    auto before = stream.acknowledged().size();
    auto started = std::chrono::steady_clock::now();
    auto r = daemon.ctl({"source", i % 2 == 0 ? "deactivate" : "activate", "other"});
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_LT(took, 4s) << "close to the 5 s busy timeout";
    wait_for_acks(stream, before + 50, 30s);
    EXPECT_GE(stream.acknowledged().size(), before + 50) << "deliveries stopped while leadhubctl wrote";
  }
  stream.stop();
  stream.join();
  EXPECT_EQ(query_int(daemon.db_path(), "SELECT active FROM sources WHERE name = 'other'"), 1);
  EXPECT_EQ(stored(daemon.db_path(), stream.acknowledged()), stream.acknowledged().size());
}

TEST(Durability, SigtermDrainsInFlightDeliveriesAndExitsZero)
{
  Daemon daemon;
  auto src = create_source(daemon, "drain", "webform");
  Stream stream(daemon, src.webhook_path, 8, 0);
  wait_for_acks(stream, 200, 30s);
  int code = daemon.stop(SIGTERM, 20s);
  stream.stop();
  stream.join();
  EXPECT_EQ(code, 0) << daemon.log();
  auto acked = stream.acknowledged();
  ASSERT_GE(acked.size(), 200u);
  EXPECT_EQ(stored(daemon.db_path(), acked), acked.size());
  auto log = daemon.log();
  EXPECT_NE(log.find("daemon.stopping"), std::string::npos) << log;
  EXPECT_NE(log.find("daemon.stopped exit_code=0"), std::string::npos) << log;
}

} // namespace
