// leadhubctl tenant, pipeline and field.
#include "tests/cli/cli_fixture.hpp"

using namespace leadhub::test;

using CatalogCli = CliTest;

TEST_F(CatalogCli, Tenants)
{
  auto t = json({"tenant", "create", "acme", "--name", "Acme Inc"});
  EXPECT_EQ(keys_of(t), (std::vector<std::string>{"id", "name", "created_at"}));
  EXPECT_EQ(t["name"], "Acme Inc");
  auto list = json({"tenant", "list"});
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["id"], "acme");
  EXPECT_EQ(list[1]["id"], "default");
  EXPECT_EQ(ctl({"tenant", "create", "acme"}).exit_code, 4);
  EXPECT_EQ(ctl({"tenant", "create", "Not Valid"}).exit_code, 2);
  EXPECT_EQ(ctl({"tenant", "delete", "acme"}).exit_code, 2); // no terminal, no --yes
  EXPECT_EQ(ctl({"tenant", "delete", "default", "--yes"}).exit_code, 4);
  EXPECT_EQ(ctl({"tenant", "delete", "nope", "--yes"}).exit_code, 3);
  auto deleted = ctl({"tenant", "delete", "acme", "--yes"});
  EXPECT_EQ(deleted.exit_code, 0);
  EXPECT_EQ(deleted.out, "deleted tenant 'acme'\n");
  EXPECT_EQ(json({"tenant", "list"}).size(), 1u);
}

TEST_F(CatalogCli, Pipelines)
{
  auto p = json({"pipeline", "create", "Sales", "--stages", "New,Contacted,Won:won,Lost:lost"});
  EXPECT_EQ(keys_of(p), (std::vector<std::string>{"id", "name", "stages", "created_at"}));
  EXPECT_EQ(p["stages"], nlohmann::ordered_json::parse(R"([{"name":"New","outcome":"open"},
      {"name":"Contacted","outcome":"open"},{"name":"Won","outcome":"won"},{"name":"Lost","outcome":"lost"}])"));
  auto table = ctl({"pipeline", "show", "Sales"});
  EXPECT_NE(table.out.find("New:open, Contacted:open, Won:won, Lost:lost"), std::string::npos) << table.out;
  EXPECT_EQ(json({"pipeline", "show", "Sales"})["name"], "Sales");
  EXPECT_EQ(json({"pipeline", "list"}).size(), 1u);
  EXPECT_EQ(ctl({"pipeline", "list", "--format", "csv"}).out.substr(0, 26), "id,name,stages,created_at\r");

  EXPECT_EQ(ctl({"pipeline", "create", "Sales", "--stages", "A"}).exit_code, 4);
  EXPECT_EQ(ctl({"pipeline", "create", "Bad", "--stages", "A:maybe"}).exit_code, 2);
  EXPECT_EQ(ctl({"pipeline", "create", "Bad"}).exit_code, 2); // --stages missing
  EXPECT_EQ(ctl({"pipeline", "show", "Nope"}).exit_code, 3);
  EXPECT_EQ(ctl({"pipeline", "delete", "Nope"}).exit_code, 3);

  ASSERT_EQ(ctl({"source", "create", "--name", "Site", "--type", "webform", "--pipeline", "Sales", "--stage", "Won"})
                .exit_code,
            0);
  EXPECT_EQ(ctl({"pipeline", "delete", "Sales"}).out, "deleted pipeline 'Sales'\n");
  EXPECT_TRUE(json({"source", "show", "Site"})["pipeline"].is_null());
}

TEST_F(CatalogCli, Fields)
{
  auto f = json({"field", "create", "budget", "--label", "Budget (EUR)", "--type", "number"});
  EXPECT_EQ(keys_of(f), (std::vector<std::string>{"key", "label", "type", "created_at"}));
  EXPECT_EQ(f["label"], "Budget (EUR)");
  EXPECT_EQ(json({"field", "create", "plan"})["type"], "text");
  EXPECT_EQ(json({"field", "list"}).size(), 2u);
  EXPECT_EQ(ctl({"field", "create", "plan"}).exit_code, 4);
  EXPECT_EQ(ctl({"field", "create", "email"}).exit_code, 2);
  EXPECT_EQ(ctl({"field", "create", "Plan"}).exit_code, 2);
  EXPECT_EQ(ctl({"field", "create", "x", "--type", "money"}).exit_code, 2);
  EXPECT_EQ(ctl({"field", "delete", "nope"}).exit_code, 3);
  EXPECT_EQ(ctl({"field", "delete", "plan"}).out, "deleted field 'plan'\n");
  EXPECT_EQ(json({"field", "delete", "budget"})["key"], "budget");
  EXPECT_EQ(ctl({"field", "list", "--format", "csv"}).out, "key,label,type,created_at\r\n");
}
