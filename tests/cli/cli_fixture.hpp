// What the CLI tests share: leadhubctl run as a subprocess on a database in a temporary directory.
#pragma once

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace leadhub::test {

class CliTest : public ::testing::Test {
protected:
  // leadhubctl with no config file, no LEADHUB_* variables and NO_COLOR, plus `args`.
  RunResult run_raw(const std::vector<std::string>& args, const std::string& input = {},
                    std::map<std::string, std::string> env = {})
  {
    std::vector<std::string> argv = {LEADHUBCTL_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    env.emplace("NO_COLOR", "1");
    RunOptions options{input, env, {"LEADHUB_DB", "LEADHUB_CONFIG", "LEADHUB_TENANT"}, {}};
    return test::run(argv, options);
  }

  // leadhubctl --db DIR/leadhub.db --config /dev/null ARGS.
  RunResult ctl(const std::vector<std::string>& args, const std::string& input = {})
  {
    std::vector<std::string> all = {"--db", db_path(), "--config", "/dev/null"};
    all.insert(all.end(), args.begin(), args.end());
    return run_raw(all, input);
  }

  // The JSON document `ctl(args + --json)` prints; fails the test unless it exits 0.
  nlohmann::ordered_json json(std::vector<std::string> args, const std::string& input = {})
  {
    args.push_back("--json");
    auto r = ctl(args, input);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto doc = nlohmann::ordered_json::parse(r.out, nullptr, false);
    EXPECT_FALSE(doc.is_discarded()) << r.out;
    return doc;
  }

  std::string db_path() const { return dir.file("leadhub.db"); }

  // Every byte of the database files (main, WAL, shared memory).
  std::string database_bytes() const
  {
    std::string all;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
      if (entry.path().filename().string().starts_with("leadhub.db"))
        all += read_file(entry.path().string());
    return all;
  }

  // The keys of a JSON object, in order.
  static std::vector<std::string> keys_of(const nlohmann::ordered_json& object)
  {
    std::vector<std::string> out;
    for (const auto& [k, v] : object.items())
      out.push_back(k);
    return out;
  }

  TempDir dir;
};

// The source keys of DESIGN.md, in order.
inline const std::vector<std::string> k_design_source_keys = {
    "id",       "name",  "type",         "type_name", "auth",         "active",     "webhook_url", "form_url",
    "pipeline", "stage", "oauth_status", "leads",     "last_lead_at", "created_at", "updated_at"};

} // namespace leadhub::test
