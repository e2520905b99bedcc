#include "core/config/config.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>

using namespace leadhub;

namespace {

// Sets an environment variable for the life of the object.
class ScopedEnv {
public:
  ScopedEnv(const char* name, const char* value) : m_name(name)
  {
    if (const char* old = std::getenv(name))
      m_old = old;
    if (value)
      setenv(name, value, 1);
    else
      unsetenv(name);
  }
  ~ScopedEnv()
  {
    if (m_old)
      setenv(m_name, m_old->c_str(), 1);
    else
      unsetenv(m_name);
  }

private:
  const char* m_name;
  std::optional<std::string> m_old;
};

} // namespace

TEST(Config, DefaultsComeFromTheTable)
{
  config::Config c;
  EXPECT_EQ(c.get("public_url"), "http://127.0.0.1:8080");
  EXPECT_EQ(c.get_int("max_body_bytes"), 1048576);
  EXPECT_EQ(c.get_int("signature_max_age_seconds"), 300);
  EXPECT_EQ(c.values().at("listen").origin, "default");
  EXPECT_FALSE(c.get("db").empty());
  for (const auto& k : config::keys())
    EXPECT_TRUE(c.values().count(std::string(k.name))) << k.name;
}

TEST(Config, ParsesKeysCommentsQuotesAndProviderSections)
{
  test::TempDir dir;
  auto path = dir.write("leadhub.conf", "# a comment\n"
                                        "; another\n"
                                        "\n"
                                        "db = /var/tmp/x.db\n"
                                        "public_url = \"https://leads.example.com\"\n"
                                        "max_body_bytes = 2048   # inline comment\n"
                                        "log_format='json'\n"
                                        "[provider.facebook]\n"
                                        "api_base_url = http://127.0.0.1:9999/graph\n");
  config::Config c;
  auto r = c.load_file(path);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(c.get("db"), "/var/tmp/x.db");
  EXPECT_EQ(c.get("public_url"), "https://leads.example.com");
  EXPECT_EQ(c.get_int("max_body_bytes"), 2048);
  EXPECT_EQ(c.get("log_format"), "json");
  EXPECT_EQ(c.values().at("db").origin, "file " + path + ":4");
  EXPECT_EQ(c.providers().at("facebook").at("api_base_url").value, "http://127.0.0.1:9999/graph");
  EXPECT_EQ(c.loaded_file(), path);
  EXPECT_EQ(c.master_key_file(), "/var/tmp/master.key");
}

TEST(Config, UnknownKeyFailsWithItsLineNumber)
{
  test::TempDir dir;
  auto path = dir.write("leadhub.conf", "db = /x.db\n\npublik_url = http://x\n");
  config::Config c;
  auto r = c.load_file(path);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::usage);
  EXPECT_NE(r.error().message.find(path + ":3"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("publik_url"), std::string::npos) << r.error().message;
}

TEST(Config, BadValuesAndSyntaxFail)
{
  test::TempDir dir;
  for (std::string text :
       {"max_body_bytes = lots\n", "public_url = ftp://x\n", "listen = nowhere\n", "log_level = chatty\n",
        "db =\n", "just words\n", "[provider.x\n", "[other]\n", "[provider.facebook]\nnope = 1\n"}) {
    config::Config c;
    EXPECT_FALSE(c.load_file(dir.write("bad.conf", text))) << text;
  }
  config::Config c;
  EXPECT_FALSE(c.load_file(dir.file("missing.conf")));
}

TEST(Config, FileThenEnvironmentThenFlags)
{
  test::TempDir dir;
  auto path = dir.write("leadhub.conf", "db = /from/file.db\npublic_url = https://file.example\n");
  ScopedEnv env("LEADHUB_DB", "/from/env.db");
  ScopedEnv no_config("LEADHUB_CONFIG", nullptr);
  auto c = config::load(path);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->get("db"), "/from/env.db");
  EXPECT_EQ(c->values().at("db").origin, "env LEADHUB_DB");
  EXPECT_EQ(c->get("public_url"), "https://file.example");
  ASSERT_TRUE(c->set("db", "/from/flag.db", "flag --db"));
  EXPECT_EQ(c->get("db"), "/from/flag.db");
  EXPECT_EQ(c->master_key_file(), "/from/master.key");
}

TEST(Config, ConfigFileComesFromTheEnvironmentWhenNotGiven)
{
  test::TempDir dir;
  auto path = dir.write("env.conf", "public_url = https://env.example\n");
  ScopedEnv env("LEADHUB_CONFIG", path.c_str());
  ScopedEnv no_db("LEADHUB_DB", nullptr);
  EXPECT_EQ(config::config_file_to_read(std::nullopt), path);
  EXPECT_EQ(config::config_file_to_read(std::string("/explicit")), "/explicit");
  auto c = config::load(std::nullopt);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->get("public_url"), "https://env.example");
}

TEST(Config, DefaultDatabasePathFollowsXdg)
{
  if (geteuid() == 0) {
    EXPECT_EQ(config::default_database_path(), "/var/lib/leadhub/leadhub.db");
    return;
  }
  ScopedEnv xdg("XDG_DATA_HOME", "/xdg");
  EXPECT_EQ(config::default_database_path(), "/xdg/leadhub/leadhub.db");
}

TEST(Config, ExampleConfigNamesEveryKey)
{
  auto text = config::example_config();
  for (const auto& k : config::keys())
    EXPECT_NE(text.find("#" + std::string(k.name) + " ="), std::string::npos) << k.name;
}
