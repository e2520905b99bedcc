#include "core/store/catalog_repo.hpp"
#include "core/store/source_repo.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace leadhub;

namespace {

class SourceRepoTest : public ::testing::Test {
protected:
  void SetUp() override
  {
    auto s = store::open_store(dir.file("leadhub.db"), dir.file("master.key"));
    ASSERT_TRUE(s) << s.error().message;
    store = std::move(*s);
    ASSERT_TRUE(store::PipelineRepo(*store, "default").create("Sales", "New,Contacted,Won:won"));
  }

  store::Source create(const std::string& name, const std::string& type)
  {
    auto s = repo().create({name, type, true, std::nullopt, std::nullopt});
    EXPECT_TRUE(s) << s.error().message;
    return s ? *s : store::Source{};
  }

  store::SourceRepo repo(const std::string& tenant = "default") { return store::SourceRepo(*store, tenant); }

  // Every byte of the database files (main, WAL and shared memory).
  std::string database_bytes()
  {
    std::string all;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
      if (entry.path().filename().string().starts_with("leadhub.db"))
        all += test::read_file(entry.path().string());
    return all;
  }

  test::TempDir dir;
  std::unique_ptr<store::Store> store;
};

bool is_token(const std::string& t)
{
  return t.size() == 48 &&
         std::all_of(t.begin(), t.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

} // namespace

TEST_F(SourceRepoTest, CreateGivesATokenAndTheTypesOauthStatus)
{
  auto fb = repo().create({"FB Brand", "facebook", true, "Sales", std::nullopt});
  ASSERT_TRUE(fb) << fb.error().message;
  EXPECT_TRUE(is_token(fb->token));
  EXPECT_EQ(fb->tenant, "default");
  EXPECT_EQ(fb->type, "facebook");
  EXPECT_EQ(fb->oauth_status, "not_connected");
  EXPECT_EQ(fb->pipeline, "Sales");
  EXPECT_EQ(fb->stage, "New"); // the pipeline's first stage
  EXPECT_EQ(fb->leads, 0);
  EXPECT_FALSE(fb->last_lead_at);
  EXPECT_FALSE(fb->created_at.empty());

  auto form = repo().create({"Form", "webform", false, "Sales", "Won"});
  ASSERT_TRUE(form);
  EXPECT_FALSE(form->oauth_status);
  EXPECT_FALSE(form->active);
  EXPECT_EQ(form->stage, "Won");
  EXPECT_NE(form->token, fb->token);
}

TEST_F(SourceRepoTest, CreateRefusesBadInput)
{
  create("Taken", "webform");
  EXPECT_EQ(repo().create({"Taken", "typeform", true, {}, {}}).error().code, Errc::conflict);
  EXPECT_EQ(repo().create({"X", "myspace", true, {}, {}}).error().code, Errc::usage);
  EXPECT_EQ(repo().create({"", "webform", true, {}, {}}).error().code, Errc::usage);
  EXPECT_EQ(repo().create({"123", "webform", true, {}, {}}).error().code, Errc::usage);
  EXPECT_EQ(repo().create({"X", "webform", true, "Nope", {}}).error().code, Errc::not_found);
  EXPECT_EQ(repo().create({"X", "webform", true, "Sales", "Nope"}).error().code, Errc::not_found);
  EXPECT_EQ(repo().create({"X", "webform", true, {}, "New"}).error().code, Errc::usage);
  // The same name is fine in another tenant.
  ASSERT_TRUE(store::TenantRepo(*store).create("acme", ""));
  EXPECT_TRUE(repo("acme").create({"Taken", "webform", true, {}, {}}));
}

TEST_F(SourceRepoTest, FindByIdOrNameWithinTheTenant)
{
  auto s = create("Site", "webform");
  EXPECT_EQ(repo().find(std::to_string(s.id))->name, "Site");
  EXPECT_EQ(repo().find("Site")->id, s.id);
  EXPECT_EQ(repo().find("site").error().code, Errc::not_found);
  EXPECT_EQ(repo().find("999").error().code, Errc::not_found);
  ASSERT_TRUE(store::TenantRepo(*store).create("acme", ""));
  EXPECT_EQ(repo("acme").find("Site").error().code, Errc::not_found);
  EXPECT_EQ(repo("acme").find(std::to_string(s.id)).error().code, Errc::not_found);
}

TEST_F(SourceRepoTest, ListFiltersByTypeAndActive)
{
  create("A", "webform");
  create("B", "typeform");
  ASSERT_TRUE(repo().set_active("B", false));
  EXPECT_EQ(repo().list().size(), 2u);
  EXPECT_EQ(repo().list({"typeform", std::nullopt}).size(), 1u);
  EXPECT_EQ(repo().list({std::nullopt, true}).front().name, "A");
  EXPECT_EQ(repo().list({std::nullopt, false}).front().name, "B");
  EXPECT_TRUE(repo().list({"webform", false}).empty());
  size_t seen = 0;
  repo().for_each({}, [&](const store::Source&) { ++seen; });
  EXPECT_EQ(seen, 2u);
}

TEST_F(SourceRepoTest, LeadCountAndLastLeadComeFromTheLeadsTable)
{
  auto s = create("Site", "webform");
  auto& db = store->db();
  for (auto at : {"2026-01-02T00:00:00Z", "2026-03-04T00:00:00Z", "2026-02-03T00:00:00Z"})
    db.exec("INSERT INTO leads (tenant_id, source_id, source_name, source_type, received_at) VALUES ('default', " +
            std::to_string(s.id) + ", 'Site', 'webform', '" + at + "')");
  auto found = repo().find("Site");
  EXPECT_EQ(found->leads, 3);
  EXPECT_EQ(found->last_lead_at, "2026-03-04T00:00:00Z");
  EXPECT_EQ(repo().list().front().leads, 3);
}

TEST_F(SourceRepoTest, EditRenamesAndMoves)
{
  create("Site", "webform");
  create("Other", "webform");
  auto e = repo().edit("Site", {std::string("Website"), std::string("Sales"), std::string("Contacted"), false});
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->name, "Website");
  EXPECT_EQ(e->stage, "Contacted");
  EXPECT_EQ(repo().edit("Website", {std::nullopt, std::nullopt, std::string("Won"), false})->stage, "Won");
  auto cleared = repo().edit("Website", {std::nullopt, std::nullopt, std::nullopt, true});
  EXPECT_FALSE(cleared->pipeline);
  EXPECT_FALSE(cleared->stage);
  EXPECT_EQ(repo().edit("Website", {std::string("Other"), {}, {}, false}).error().code, Errc::conflict);
  EXPECT_EQ(repo().edit("Website", {}).error().code, Errc::usage);
  EXPECT_EQ(repo().edit("Website", {std::nullopt, std::nullopt, std::string("Won"), false}).error().code, Errc::usage);
  EXPECT_EQ(repo().edit("Website", {std::nullopt, std::string("Nope"), std::nullopt, false}).error().code,
            Errc::not_found);
  EXPECT_EQ(repo().edit("Nope", {std::string("X"), {}, {}, false}).error().code, Errc::not_found);
}

TEST_F(SourceRepoTest, ActivateDeactivateDelete)
{
  create("Site", "webform");
  EXPECT_FALSE(repo().set_active("Site", false)->active);
  EXPECT_TRUE(repo().set_active("Site", true)->active);
  EXPECT_EQ(repo().set_active("Nope", true).error().code, Errc::not_found);
  EXPECT_TRUE(repo().remove("Site"));
  EXPECT_EQ(repo().find("Site").error().code, Errc::not_found);
  EXPECT_EQ(repo().remove("Site").error().code, Errc::not_found);
}

TEST_F(SourceRepoTest, DeletingASourceKeepsItsLeads)
{
  auto s = create("Site", "webform");
  store->db().exec("INSERT INTO leads (tenant_id, source_id, source_name, source_type, received_at) VALUES "
                   "('default', " +
                   std::to_string(s.id) + ", 'Site', 'webform', '2026-01-01T00:00:00Z')");
  ASSERT_TRUE(repo().remove("Site"));
  EXPECT_EQ(store->db().execAndGet("SELECT COUNT(*) FROM leads WHERE source_id IS NULL").getInt(), 1);
}

TEST_F(SourceRepoTest, TokenLookupMatchesTenantTypeAndToken)
{
  auto s = create("Site", "webform");
  auto found = store::find_source_by_token(*store, "default", "webform", s.token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, s.id);
  EXPECT_FALSE(store::find_source_by_token(*store, "default", "typeform", s.token));
  EXPECT_FALSE(store::find_source_by_token(*store, "acme", "webform", s.token));
  auto wrong = s.token;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(store::find_source_by_token(*store, "default", "webform", wrong));
  EXPECT_FALSE(store::find_source_by_token(*store, "default", "webform", ""));
  EXPECT_FALSE(store::find_source_by_token(*store, "default", "webform", s.token + "x"));
}

TEST_F(SourceRepoTest, RotatedOutTokenStopsWorkingAtOnce)
{
  auto s = create("Site", "webform");
  auto rotated = repo().rotate_token("Site");
  ASSERT_TRUE(rotated);
  EXPECT_TRUE(is_token(rotated->token));
  EXPECT_NE(rotated->token, s.token);
  EXPECT_FALSE(store::find_source_by_token(*store, "default", "webform", s.token));
  EXPECT_EQ(store::find_source_by_token(*store, "default", "webform", rotated->token)->id, s.id);
  EXPECT_EQ(repo().rotate_token("Nope").error().code, Errc::not_found);
}

TEST_F(SourceRepoTest, CredentialsAreSealedAndChecked)
{
  auto s = create("FB", "facebook");
  const std::string secret = "app-secret-6f1d0c0ffee", other = "verify-me-a7b3";
  ASSERT_TRUE(repo().set_credential(s.id, "app_secret", secret));
  ASSERT_TRUE(repo().set_credential(s.id, "verify_token", other));
  ASSERT_TRUE(repo().set_credential(s.id, "app_secret", secret + "2")); // replaces
  EXPECT_EQ(repo().set_credential(s.id, "password", "x").error().code, Errc::usage);
  EXPECT_EQ(repo().set_credential(s.id, "app_secret", "").error().code, Errc::usage);
  EXPECT_EQ(repo().set_credential(9999, "app_secret", "x").error().code, Errc::not_found);

  auto info = repo().list_credentials(s.id);
  ASSERT_EQ(info.size(), 2u);
  EXPECT_EQ(info[0].key, "app_secret");
  EXPECT_EQ(info[1].key, "verify_token");
  auto values = repo().credentials(s.id);
  EXPECT_EQ(values["app_secret"], secret + "2");
  EXPECT_EQ(values["verify_token"], other);

  auto bytes = database_bytes();
  EXPECT_EQ(bytes.find(secret), std::string::npos);
  EXPECT_EQ(bytes.find(other), std::string::npos);
  EXPECT_EQ(bytes.find(s.token), std::string::npos);

  EXPECT_TRUE(repo().unset_credential(s.id, "verify_token"));
  EXPECT_EQ(repo().unset_credential(s.id, "verify_token").error().code, Errc::not_found);
  EXPECT_EQ(repo().list_credentials(s.id).size(), 1u);
}

TEST_F(SourceRepoTest, ASealedValueCopiedToAnotherRowDoesNotOpen)
{
  auto a = create("A", "facebook");
  auto b = create("B", "facebook");
  ASSERT_TRUE(repo().set_credential(a.id, "app_secret", "only-for-a"));
  store->db().exec("INSERT INTO credentials (source_id, key, value_sealed, set_at) SELECT " + std::to_string(b.id) +
                   ", key, value_sealed, set_at FROM credentials WHERE source_id = " + std::to_string(a.id));
  EXPECT_THROW(repo().credentials(b.id), store::StoreError);
}

TEST_F(SourceRepoTest, MappingsSetReplaceUnsetAndGoWithTheSource)
{
  auto s = create("Site", "webform");
  ASSERT_TRUE(repo().set_mapping(s.id, "Your name", "full_name"));
  ASSERT_TRUE(repo().set_mapping(s.id, "mail", "phone"));
  ASSERT_TRUE(repo().set_mapping(s.id, "mail", "email"));
  auto maps = repo().mappings(s.id);
  ASSERT_EQ(maps.size(), 2u);
  EXPECT_EQ(maps[0].incoming, "Your name");
  EXPECT_EQ(maps[1].target, "email");
  EXPECT_EQ(repo().unset_mapping(s.id, "nope").error().code, Errc::not_found);
  EXPECT_TRUE(repo().unset_mapping(s.id, "mail"));
  EXPECT_EQ(repo().set_mapping(s.id, "", "email").error().code, Errc::usage);
  ASSERT_TRUE(repo().set_credential(s.id, "x", "y").error().code == Errc::usage); // webform takes none
  ASSERT_TRUE(repo().remove("Site"));
  EXPECT_EQ(store->db().execAndGet("SELECT COUNT(*) FROM field_mappings").getInt(), 0);
}

TEST(CredentialKeys, FollowTheRegistry)
{
  EXPECT_TRUE(store::check_credential_key("calendly", "signing_key"));
  EXPECT_EQ(store::check_credential_key("calendly", "app_secret").error().code, Errc::usage);
  EXPECT_EQ(store::check_credential_key("myspace", "x").error().code, Errc::usage);
}
