#include "core/store/catalog_repo.hpp"
#include "core/store/source_repo.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

using namespace leadhub;

namespace {

class CatalogTest : public ::testing::Test {
protected:
  void SetUp() override
  {
    auto s = store::open_store(dir.file("leadhub.db"), dir.file("master.key"));
    ASSERT_TRUE(s) << s.error().message;
    store = std::move(*s);
  }

  test::TempDir dir;
  std::unique_ptr<store::Store> store;
};

} // namespace

TEST_F(CatalogTest, TenantsCreateListFindDelete)
{
  store::TenantRepo tenants(*store);
  auto t = tenants.create("acme", "Acme Inc");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->name, "Acme Inc");
  EXPECT_EQ(tenants.create("bare", "")->name, "bare");
  EXPECT_EQ(tenants.list().size(), 3u);
  EXPECT_EQ(tenants.create("acme", "again").error().code, Errc::conflict);
  EXPECT_EQ(tenants.create("Bad Id", "").error().code, Errc::usage);
  EXPECT_EQ(tenants.create("", "").error().code, Errc::usage);
  EXPECT_EQ(tenants.find("nope").error().code, Errc::not_found);
  EXPECT_EQ(tenants.remove("default").error().code, Errc::conflict);
  EXPECT_EQ(tenants.remove("nope").error().code, Errc::not_found);
  EXPECT_TRUE(tenants.remove("acme"));
  EXPECT_EQ(tenants.find("acme").error().code, Errc::not_found);
}

TEST_F(CatalogTest, DeletingATenantDeletesWhatItOwns)
{
  ASSERT_TRUE(store::TenantRepo(*store).create("acme", ""));
  ASSERT_TRUE(store::PipelineRepo(*store, "acme").create("Sales", "New"));
  ASSERT_TRUE(store::SourceRepo(*store, "acme").create({"Form", "webform", true, "Sales", std::nullopt}));
  ASSERT_TRUE(store::TenantRepo(*store).remove("acme"));
  EXPECT_TRUE(store::PipelineRepo(*store, "acme").list().empty());
  EXPECT_TRUE(store::SourceRepo(*store, "acme").list().empty());
}

TEST_F(CatalogTest, PipelineStagesKeepTheirOrderAndOutcomes)
{
  store::PipelineRepo pipelines(*store, "default");
  auto p = pipelines.create("Sales", " New , Contacted,Won:won, Lost:LOST");
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->stages.size(), 4u);
  EXPECT_EQ(p->stages[0].name, "New");
  EXPECT_EQ(p->stages[0].outcome, "open");
  EXPECT_EQ(p->stages[1].name, "Contacted");
  EXPECT_EQ(p->stages[2].outcome, "won");
  EXPECT_EQ(p->stages[3].name, "Lost");
  EXPECT_EQ(p->stages[3].outcome, "lost");
  for (size_t i = 0; i < p->stages.size(); ++i)
    EXPECT_EQ(p->stages[i].position, static_cast<int>(i) + 1);
  EXPECT_EQ(pipelines.find(p->id)->name, "Sales");
  EXPECT_EQ(pipelines.find("Sales")->stages.size(), 4u);
  EXPECT_EQ(pipelines.default_pipeline()->name, "Sales");
}

TEST_F(CatalogTest, PipelineErrors)
{
  store::PipelineRepo pipelines(*store, "default");
  EXPECT_FALSE(pipelines.default_pipeline());
  EXPECT_EQ(pipelines.create("Sales", "").error().code, Errc::usage);
  EXPECT_EQ(pipelines.create("Sales", "New,,Won").error().code, Errc::usage);
  EXPECT_EQ(pipelines.create("Sales", "New,New").error().code, Errc::usage);
  EXPECT_EQ(pipelines.create("Sales", "New,Won:maybe").error().code, Errc::usage);
  EXPECT_EQ(pipelines.create("", "New").error().code, Errc::usage);
  ASSERT_TRUE(pipelines.create("Sales", "New"));
  EXPECT_EQ(pipelines.create("Sales", "Other").error().code, Errc::conflict);
  EXPECT_EQ(pipelines.find("Nope").error().code, Errc::not_found);
  EXPECT_EQ(pipelines.remove("Nope").error().code, Errc::not_found);
  // Pipelines are per tenant.
  ASSERT_TRUE(store::TenantRepo(*store).create("acme", ""));
  EXPECT_TRUE(store::PipelineRepo(*store, "acme").create("Sales", "New"));
}

TEST_F(CatalogTest, DeletingAPipelineLeavesItsSourcesWithoutOne)
{
  ASSERT_TRUE(store::PipelineRepo(*store, "default").create("Sales", "New,Won:won"));
  store::SourceRepo sources(*store, "default");
  auto s = sources.create({"Form", "webform", true, "Sales", "Won"});
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_TRUE(store::PipelineRepo(*store, "default").remove("Sales"));
  auto after = sources.find("Form");
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->pipeline);
  EXPECT_FALSE(after->stage);
}

TEST_F(CatalogTest, CustomFields)
{
  store::FieldRepo fields(*store, "default");
  auto f = fields.create("budget", "Budget", "number");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->type, "number");
  EXPECT_EQ(fields.create("plan", "", "")->type, "text");
  EXPECT_EQ(fields.create("plan", "", "").error().code, Errc::conflict);
  EXPECT_EQ(fields.create("email", "", "text").error().code, Errc::usage);     // built-in
  EXPECT_EQ(fields.create("full_name", "", "text").error().code, Errc::usage); // mapping target
  EXPECT_EQ(fields.create("Budget", "", "text").error().code, Errc::usage);
  EXPECT_EQ(fields.create("9lives", "", "text").error().code, Errc::usage);
  EXPECT_EQ(fields.create("ok_key", "", "money").error().code, Errc::usage);
  EXPECT_EQ(fields.keys(), (std::set<std::string>{"budget", "plan"}));
  EXPECT_EQ(fields.list().front().label, "Budget");
  EXPECT_EQ(fields.remove("nope").error().code, Errc::not_found);
  EXPECT_TRUE(fields.remove("plan"));
  EXPECT_EQ(fields.keys(), (std::set<std::string>{"budget"}));
}

TEST_F(CatalogTest, AFieldAMappingTargetsCannotBeDeleted)
{
  ASSERT_TRUE(store::FieldRepo(*store, "default").create("budget", "", "number"));
  store::SourceRepo sources(*store, "default");
  auto s = sources.create({"Form", "webform", true, std::nullopt, std::nullopt});
  ASSERT_TRUE(s);
  ASSERT_TRUE(sources.set_mapping(s->id, "how_much", "budget"));
  EXPECT_EQ(store::FieldRepo(*store, "default").remove("budget").error().code, Errc::conflict);
  ASSERT_TRUE(sources.unset_mapping(s->id, "how_much"));
  EXPECT_TRUE(store::FieldRepo(*store, "default").remove("budget"));
}
