// leadhubctl init, db, config, completion; help on every command; usage errors; a newer schema.
#include "tests/cli/cli_fixture.hpp"

#include <SQLiteCpp/Database.h>

#include <sys/stat.h>
#include <unistd.h>

#include <regex>
#include <set>

using namespace leadhub::test;

using AdminCli = CliTest;

TEST_F(AdminCli, InitCreatesTheDatabaseAndKeyAndSaysWhere)
{
  auto r = json({"init"});
  EXPECT_EQ(keys_of(r), (std::vector<std::string>{"database", "schema_version", "master_key"}));
  EXPECT_EQ(r["database"], db_path());
  EXPECT_EQ(r["master_key"], dir.file("master.key"));
  EXPECT_GE(r["schema_version"].get<int>(), 2);
  struct stat st {};
  ASSERT_EQ(stat(dir.file("master.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(json({"init"}), r); // again: an upgrade with nothing to do
  auto table = ctl({"init"});
  EXPECT_NE(table.out.find("database        " + db_path()), std::string::npos) << table.out;
}

TEST_F(AdminCli, DatabaseAndKeyFollowTheConfig)
{
  auto conf =
      dir.write("leadhub.conf", "db = " + dir.file("data/x.db") + "\nmaster_key_file = " + dir.file("k/m.key") + "\n");
  auto r = run_raw({"--config", conf, "init", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["database"], dir.file("data/x.db"));
  EXPECT_EQ(doc["master_key"], dir.file("k/m.key"));
  auto shown = run_raw({"--config", conf, "--db", dir.file("flag.db"), "config", "show", "--json"});
  auto rows = nlohmann::json::parse(shown.out);
  EXPECT_EQ(rows[0], nlohmann::json({{"key", "db"}, {"value", dir.file("flag.db")}, {"origin", "flag --db"}}));
  EXPECT_EQ(rows[1]["origin"], "file " + conf + ":2");
}

TEST_F(AdminCli, NewerSchemaIsRefusedWithBothVersions)
{
  auto init = json({"init"});
  int ours = init["schema_version"];
  {
    SQLite::Database db(db_path(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = " + std::to_string(ours + 5));
  }
  auto r = ctl({"source", "list"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.find("leadhubctl: error: "), 0u) << r.err;
  EXPECT_NE(r.err.find(std::to_string(ours + 5)), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("version " + std::to_string(ours)), std::string::npos) << r.err;
}

TEST_F(AdminCli, DbBackupAndCheck)
{
  ASSERT_EQ(ctl({"source", "create", "--name", "Site", "--type", "webform"}).exit_code, 0);
  auto backup = ctl({"db", "backup", dir.file("backup.db")});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_NE(backup.out.find("master key"), std::string::npos);
  EXPECT_EQ(ctl({"db", "backup", dir.file("backup.db")}).exit_code, 4);
  auto from_backup = run_raw({"--db", dir.file("backup.db"), "--config", "/dev/null", "source", "url", "Site"});
  EXPECT_EQ(from_backup.out, ctl({"source", "url", "Site"}).out); // the same key opens it
  auto check = json({"db", "check"});
  EXPECT_EQ(check["integrity_check"], "ok");
  EXPECT_EQ(check["foreign_key_check"], "ok");
  EXPECT_EQ(ctl({"db", "backup"}).exit_code, 2);
}

TEST_F(AdminCli, ConfigCheckAndShow)
{
  auto good = dir.write("good.conf",
                        "public_url = https://x.example\n[provider.facebook]\napi_base_url = http://127.0.0.1:1\n");
  auto ok = run_raw({"--config", good, "config", "check"});
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_EQ(ok.out, "config ok: '" + good + "'\n");
  auto bad = dir.write("bad.conf", "public_url = https://x.example\ncolour = blue\n");
  auto r = run_raw({"--config", bad, "config", "check"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad + ":2: unknown config key 'colour'"), std::string::npos) << r.err;
  auto tls = dir.write("tls.conf", "tls_cert = /etc/ssl/x.pem\n");
  EXPECT_EQ(run_raw({"--config", tls, "config", "check"}).exit_code, 2);

  auto shown = run_raw({"--config", good, "--db", db_path(), "config", "show", "--format", "csv"});
  EXPECT_EQ(shown.exit_code, 0);
  EXPECT_EQ(shown.out.substr(0, 18), "key,value,origin\r\n");
  EXPECT_NE(shown.out.find("public_url,https://x.example,file " + good + ":1"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("provider.facebook.api_base_url,http://127.0.0.1:1,"), std::string::npos);
  EXPECT_NE(shown.out.find("listen,127.0.0.1:8080,default"), std::string::npos);
}

TEST_F(AdminCli, UsageErrors)
{
  auto none = ctl({});
  EXPECT_EQ(none.exit_code, 2);
  auto unknown = ctl({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err,
            "leadhubctl: error: unknown command 'frobnicate'\nleadhubctl: hint: run 'leadhubctl --help'\n");
  EXPECT_EQ(ctl({"source"}).exit_code, 2);
  EXPECT_EQ(ctl({"source", "list", "--bogus"}).exit_code, 2);
  EXPECT_EQ(ctl({"source", "list", "--format", "xml"}).exit_code, 2);
  auto extra = ctl({"source", "list", "extra"});
  EXPECT_EQ(extra.exit_code, 2);
  EXPECT_NE(extra.err.find("run 'leadhubctl source list --help'"), std::string::npos) << extra.err;
  auto version = ctl({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_FALSE(version.out.empty());
}

TEST_F(AdminCli, HelpOnEveryCommand)
{
  // The completion script lists every command path; each answers --help with exit 0.
  auto script = ctl({"completion", "bash"});
  ASSERT_EQ(script.exit_code, 0);
  std::regex path_line(R"(\n  '([a-z -]*)'\) echo)");
  std::set<std::string> paths;
  for (std::sregex_iterator it(script.out.begin(), script.out.end(), path_line), end; it != end; ++it)
    paths.insert((*it)[1]);
  for (auto expected : {"",
                        "init",
                        "tenant create",
                        "tenant list",
                        "tenant delete",
                        "pipeline create",
                        "pipeline list",
                        "pipeline show",
                        "pipeline delete",
                        "field create",
                        "field list",
                        "field delete",
                        "source types",
                        "source create",
                        "source list",
                        "source show",
                        "source edit",
                        "source activate",
                        "source deactivate",
                        "source delete",
                        "source url",
                        "source rotate-token",
                        "source credential set",
                        "source credential list",
                        "source credential unset",
                        "source map set",
                        "source map unset",
                        "source map list",
                        "db backup",
                        "db check",
                        "config check",
                        "config show",
                        "completion"})
    EXPECT_TRUE(paths.count(expected)) << "missing command: " << expected;
  for (const auto& path : paths) {
    std::vector<std::string> args;
    for (size_t from = 0; from < path.size();) {
      auto space = path.find(' ', from);
      args.push_back(path.substr(from, space - from));
      from = space == std::string::npos ? path.size() : space + 1;
    }
    args.push_back("--help");
    auto r = run_raw(args);
    EXPECT_EQ(r.exit_code, 0) << path;
    EXPECT_NE(r.out.find("Usage: leadhubctl"), std::string::npos) << path << "\n" << r.out;
  }
}

TEST_F(AdminCli, CompletionScripts)
{
  for (auto shell : {"bash", "zsh", "fish"}) {
    auto r = ctl({"completion", shell});
    EXPECT_EQ(r.exit_code, 0) << shell;
    EXPECT_NE(r.out.find("leadhubctl"), std::string::npos) << shell;
    EXPECT_NE(r.out.find("rotate-token"), std::string::npos) << shell;
    EXPECT_NE(r.out.find("calendly"), std::string::npos) << shell; // --type values come from the registry
  }
  EXPECT_EQ(ctl({"completion", "tcsh"}).exit_code, 2);
  // The bash script parses and completes.
  auto script = dir.write("c.bash", ctl({"completion", "bash"}).out);
  auto r = run({"/bin/bash", "-c",
                "source " + script +
                    "; COMP_WORDS=(leadhubctl source cr); COMP_CWORD=2; _leadhubctl; "
                    "echo \"${COMPREPLY[*]}\"; COMP_WORDS=(leadhubctl source list --type ty); "
                    "COMP_CWORD=4; _leadhubctl; echo \"${COMPREPLY[*]}\""});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "create credential\ntypeform\n");
}

TEST_F(AdminCli, CompletionInZshAndFish)
{
  bool ran = false;
  if (access("/usr/bin/fish", X_OK) == 0) {
    auto script = dir.write("c.fish", ctl({"completion", "fish"}).out);
    auto r = run(
        {"/usr/bin/fish", "--no-config", "-c",
         "source " + script + "; complete -C'leadhubctl source cr'; complete -C'leadhubctl field create --type n'"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "create\ncredential\nnumber\n");
    ran = true;
  }
  if (access("/usr/bin/zsh", X_OK) == 0) {
    // compadd only works inside a completion widget: stand-ins print what would be offered.
    auto script = dir.write("c.zsh", ctl({"completion", "zsh"}).out);
    auto r = run({"/usr/bin/zsh", "-f", "-c",
                  "compdef() { :; }; compadd() { [[ $1 == -- ]] && shift; print -r -- \"$*\"; }; source " + script +
                      "; words=(leadhubctl source map ''); CURRENT=4; _leadhubctl;"
                      " words=(leadhubctl --format ''); CURRENT=3; _leadhubctl"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "set unset list --help --db --config --tenant --format --json\ntable json csv\n");
    ran = true;
  }
  if (!ran)
    GTEST_SKIP() << "neither zsh nor fish is installed";
}
