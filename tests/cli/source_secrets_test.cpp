// leadhubctl source credential set | list | unset and source map set | unset | list.
#include "tests/cli/cli_fixture.hpp"

using namespace leadhub::test;

namespace {

const std::string k_secret = "sk_live_51Hc0ffeeDeadBeef9Zq";

class SecretsCli : public CliTest {
protected:
  void SetUp() override
  {
    ASSERT_EQ(ctl({"source", "create", "--name", "FB", "--type", "facebook"}).exit_code, 0);
    ASSERT_EQ(ctl({"source", "create", "--name", "Site", "--type", "webform"}).exit_code, 0);
  }
};

} // namespace

TEST_F(SecretsCli, CredentialFromStdinIsSealedAndNeverShown)
{
  auto set = ctl({"source", "credential", "set", "FB", "app_secret"}, k_secret + "\n");
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(set.out, "credential 'app_secret' set on source 'FB'\n");
  auto set_json = json({"source", "credential", "set", "1", "verify_token"}, k_secret + "-verify");
  EXPECT_EQ(keys_of(set_json), (std::vector<std::string>{"key", "set_at"}));

  auto list = json({"source", "credential", "list", "FB"});
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(keys_of(list[0]), (std::vector<std::string>{"key", "set_at"}));
  EXPECT_EQ(list[0]["key"], "app_secret");
  EXPECT_EQ(list[1]["key"], "verify_token");

  std::string everything;
  for (const auto& args : std::vector<std::vector<std::string>>{{"source", "credential", "list", "FB"},
                                                                {"source", "show", "FB"},
                                                                {"source", "show", "FB", "--json"},
                                                                {"source", "list", "--format", "csv"},
                                                                {"source", "list", "--json"},
                                                                {"db", "check"},
                                                                {"config", "show"}}) {
    auto r = ctl(args);
    everything += r.out + r.err;
  }
  EXPECT_EQ(everything.find(k_secret), std::string::npos);
  EXPECT_EQ(database_bytes().find(k_secret), std::string::npos) << "a credential is stored in plaintext";
}

TEST_F(SecretsCli, CredentialFromFileStripsOneNewline)
{
  auto file = dir.write("secret.txt", k_secret + "\n");
  ASSERT_EQ(ctl({"source", "credential", "set", "FB", "access_token", "--from-file", file}).exit_code, 0);
  EXPECT_EQ(json({"source", "credential", "list", "FB"})[0]["key"], "access_token");
  auto missing = ctl({"source", "credential", "set", "FB", "access_token", "--from-file", dir.file("nope")});
  EXPECT_EQ(missing.exit_code, 1);
  auto empty = ctl({"source", "credential", "set", "FB", "access_token", "--from-file", dir.write("empty", "\n")});
  EXPECT_EQ(empty.exit_code, 2);
}

TEST_F(SecretsCli, CredentialErrors)
{
  auto empty = ctl({"source", "credential", "set", "FB", "app_secret"}, "");
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("leadhubctl: error: empty value for credential 'app_secret'"), std::string::npos)
      << empty.err;
  EXPECT_NE(empty.err.find("leadhubctl: hint: "), std::string::npos) << empty.err;
  EXPECT_EQ(ctl({"source", "credential", "set", "FB", "app_secret"}, "\n").exit_code, 2);

  auto bad_key = ctl({"source", "credential", "set", "FB", "password"}, "x\n");
  EXPECT_EQ(bad_key.exit_code, 2);
  EXPECT_NE(bad_key.err.find("source type 'facebook' has no credential 'password'"), std::string::npos);
  EXPECT_NE(bad_key.err.find("app_secret, verify_token, access_token"), std::string::npos);
  EXPECT_EQ(ctl({"source", "credential", "set", "Site", "app_secret"}, "x\n").exit_code, 2); // webform takes none
  EXPECT_EQ(ctl({"source", "credential", "set", "Nope", "app_secret"}, "x\n").exit_code, 3);
  EXPECT_EQ(ctl({"source", "credential", "list", "Nope"}).exit_code, 3);
  EXPECT_EQ(json({"source", "credential", "list", "FB"}).size(), 0u);
}

TEST_F(SecretsCli, CredentialUnset)
{
  ASSERT_EQ(ctl({"source", "credential", "set", "FB", "app_secret"}, k_secret).exit_code, 0);
  auto unset = ctl({"source", "credential", "unset", "FB", "app_secret"});
  EXPECT_EQ(unset.exit_code, 0);
  EXPECT_EQ(unset.out, "credential 'app_secret' removed from source 'FB'\n");
  auto again = ctl({"source", "credential", "unset", "FB", "app_secret"});
  EXPECT_EQ(again.exit_code, 3);
  EXPECT_NE(again.err.find("credential 'app_secret' is not set on source 'FB'"), std::string::npos);
}

TEST_F(SecretsCli, MapSetListUnset)
{
  ASSERT_EQ(ctl({"field", "create", "budget", "--type", "number"}).exit_code, 0);
  auto set = json({"source", "map", "set", "Site", "Your name", "full_name"});
  EXPECT_EQ(set, nlohmann::ordered_json({{"incoming", "Your name"}, {"target", "full_name"}}));
  ASSERT_EQ(ctl({"source", "map", "set", "Site", "how_much", "budget"}).exit_code, 0);
  ASSERT_EQ(ctl({"source", "map", "set", "Site", "mail", "email"}).exit_code, 0);
  auto list = json({"source", "map", "list", "Site"});
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(keys_of(list[0]), (std::vector<std::string>{"incoming", "target"}));
  EXPECT_EQ(list[0]["incoming"], "Your name");
  auto csv = ctl({"source", "map", "list", "Site", "--format", "csv"});
  EXPECT_EQ(csv.out, "incoming,target\r\nYour name,full_name\r\nhow_much,budget\r\nmail,email\r\n");

  auto unknown = ctl({"source", "map", "set", "Site", "x", "shoe_size"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("shoe_size"), std::string::npos);
  EXPECT_EQ(ctl({"source", "map", "set", "Nope", "x", "email"}).exit_code, 3);

  EXPECT_EQ(ctl({"field", "delete", "budget"}).exit_code, 4); // a mapping targets it
  EXPECT_EQ(ctl({"source", "map", "unset", "Site", "how_much"}).exit_code, 0);
  EXPECT_EQ(ctl({"source", "map", "unset", "Site", "how_much"}).exit_code, 3);
  EXPECT_EQ(json({"source", "map", "list", "Site"}).size(), 2u);
  EXPECT_EQ(ctl({"field", "delete", "budget"}).exit_code, 0);
}
