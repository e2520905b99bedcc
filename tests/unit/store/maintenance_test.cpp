#include "core/store/maintenance.hpp"
#include "core/store/migrations.hpp"
#include "core/store/source_repo.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace leadhub;

TEST(Maintenance, BackupIsAWorkingCopyAndNeverOverwrites)
{
  test::TempDir dir;
  auto s = store::open_store(dir.file("leadhub.db"), dir.file("master.key"));
  ASSERT_TRUE(s);
  auto& live = **s;
  ASSERT_TRUE(store::SourceRepo(live, "default").create({"Site", "webform", true, {}, {}}));
  EXPECT_EQ(store::schema_version(live), store::latest_schema_version());
  ASSERT_TRUE(store::backup_database(live, dir.file("backup.db")));
  EXPECT_EQ(store::backup_database(live, dir.file("backup.db")).error().code, Errc::conflict);
  EXPECT_EQ(store::backup_database(live, dir.file("no/such/dir/b.db")).error().code, Errc::failure);

  auto copy = store::open_store(dir.file("backup.db"), dir.file("master.key"));
  ASSERT_TRUE(copy);
  EXPECT_EQ(store::SourceRepo(**copy, "default").find("Site")->token,
            store::SourceRepo(live, "default").find("Site")->token);
}

TEST(Maintenance, CheckReportsASoundDatabase)
{
  test::TempDir dir;
  auto s = store::open_store(dir.file("leadhub.db"), dir.file("master.key"));
  ASSERT_TRUE(s);
  auto report = store::check_database(**s);
  EXPECT_TRUE(report.ok());
  EXPECT_TRUE(report.foreign_keys.empty());
}

TEST(Maintenance, CheckFindsADanglingReference)
{
  test::TempDir dir;
  auto s = store::open_store(dir.file("leadhub.db"), dir.file("master.key"));
  ASSERT_TRUE(s);
  auto& db = (*s)->db();
  db.exec("PRAGMA foreign_keys = OFF");
  db.exec("INSERT INTO field_mappings (source_id, incoming, target) VALUES (42, 'a', 'email')");
  db.exec("PRAGMA foreign_keys = ON");
  auto report = store::check_database(**s);
  EXPECT_FALSE(report.ok());
  ASSERT_EQ(report.foreign_keys.size(), 1u);
  EXPECT_NE(report.foreign_keys[0].find("field_mappings"), std::string::npos);
}
