#include "core/ingest/checkpointer.hpp"
#include "core/store/database.hpp"
#include "tests/support/temp_dir.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

using namespace leadhub;

namespace {

constexpr int k_commits = 3000;

struct Run {
  uintmax_t largest_wal = 0;
  ingest::Checkpointer::Counts counts;
  int64_t rows = 0;
};

// One writer commits a page-sized row at a time, as the group-commit writer does, with the
// Checkpointer attached; returns the largest the WAL file got and what each side checkpointed.
Run commit_stream(const std::string& path, ingest::Checkpointer::Limits limits)
{
  Run run;
  store::OpenOptions options;
  options.migrate = false;
  auto db = store::open_database(path, options);
  db->exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB)");
  // An hour: only the writer's commits wake the thread.
  ingest::Checkpointer checkpointer(path, std::chrono::hours(1), limits);
  checkpointer.attach(*db);
  for (int i = 0; i < k_commits; ++i) {
    db->exec("INSERT INTO rows (body) VALUES (zeroblob(3000))");
    if (i % 50 == 0) {
      std::error_code ec;
      auto size = std::filesystem::file_size(path + "-wal", ec);
      run.largest_wal = std::max(run.largest_wal, ec ? 0 : size);
      std::this_thread::sleep_for(std::chrono::milliseconds(1)); // let the thread keep up, as traffic gaps do
    }
  }
  run.counts = checkpointer.counts();
  run.rows = db->execAndGet("SELECT count(*) FROM rows").getInt64();
  db.reset(); // before the checkpointer goes, as the ingestor closes its writer first
  return run;
}

} // namespace

TEST(Checkpointer, TheThreadCopiesTheWalAndTheWriterOnlyFinishesSoItStaysSmall)
{
  test::TempDir dir;
  ingest::Checkpointer::Limits limits{50, 100, 30, 1000, 0};
  auto run = commit_stream(dir.file("a.db"), limits);
  EXPECT_EQ(run.rows, k_commits);
  EXPECT_GT(run.counts.passes, 10u) << "the writer's commits wake the thread";
  EXPECT_GT(run.counts.writer_finishes, 0u) << "the writer finishes checkpoints, so the WAL restarts";
  // Restarting keeps it near finish_at frames; never above force_at (a frame is a page + 24 bytes).
  EXPECT_LT(run.largest_wal, uintmax_t{1000} * (4096 + 24)) << "the WAL restarts from its start";
}

// A pass syncs the WAL and copies the pages every commit rewrites: the thread waits until
// wake_step frames have come since what it last copied, and the WAL still stays small.
TEST(Checkpointer, TheThreadWaitsForAStepOfNewFramesBeforeItsNextPass)
{
  test::TempDir dir;
  auto every_commit = commit_stream(dir.file("a.db"), {50, 400, 100, 2000, 0});
  auto stepped = commit_stream(dir.file("b.db"), {50, 400, 100, 2000, 100});
  EXPECT_EQ(stepped.rows, k_commits);
  EXPECT_GT(stepped.counts.passes, 0u);
  EXPECT_LT(stepped.counts.passes * 3, every_commit.counts.passes)
      << "stepped " << stepped.counts.passes << " passes, every commit " << every_commit.counts.passes;
  EXPECT_GT(stepped.counts.writer_finishes, 0u);
  EXPECT_LT(stepped.largest_wal, uintmax_t{2000} * (4096 + 24));
}
