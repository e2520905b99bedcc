#include "core/store/database.hpp"
#include "core/store/migrations.hpp"
#include "tests/support/temp_dir.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <string>

using namespace leadhub;

namespace {

int user_version(SQLite::Database& db)
{
  return db.execAndGet("PRAGMA user_version").getInt();
}

bool has_table(SQLite::Database& db, const std::string& name)
{
  return db.execAndGet("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'").getInt() ==
         1;
}

} // namespace

TEST(Migrations, AreNumberedOneByOne)
{
  const auto& all = store::embedded_migrations();
  ASSERT_FALSE(all.empty());
  for (size_t i = 0; i < all.size(); ++i)
    EXPECT_EQ(all[i].version, static_cast<int>(i) + 1) << all[i].name;
  EXPECT_EQ(store::latest_schema_version(), all.back().version);
}

TEST(Migrations, FreshDatabaseReachesLatestVersion)
{
  test::TempDir dir;
  auto db = store::open_database(dir.file("leadhub.db"));
  EXPECT_EQ(user_version(*db), store::latest_schema_version());
  for (auto table : {"tenants", "pipelines", "stages", "custom_fields", "sources", "credentials", "field_mappings",
                     "leads", "events", "stage_history"})
    EXPECT_TRUE(has_table(*db, table)) << table;
  EXPECT_EQ(db->execAndGet("SELECT id FROM tenants").getString(), "default");
  EXPECT_EQ(db->execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db->execAndGet("PRAGMA foreign_keys").getInt(), 1);
}

TEST(Migrations, EachAppliesOnTopOfThePrevious)
{
  test::TempDir dir;
  const auto& all = store::embedded_migrations();
  SQLite::Database db(dir.file("leadhub.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  for (size_t n = 1; n <= all.size(); ++n) {
    std::vector<store::Migration> prefix(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
    store::migrate(db, prefix);
    EXPECT_EQ(user_version(db), all[n - 1].version) << all[n - 1].name;
    EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  }
  // Running again is a no-op.
  store::migrate(db, all);
  EXPECT_EQ(user_version(db), store::latest_schema_version());
}

TEST(Migrations, ReopeningKeepsData)
{
  test::TempDir dir;
  {
    auto db = store::open_database(dir.file("leadhub.db"));
    db->exec("INSERT INTO tenants (id, name, created_at) VALUES ('acme', 'Acme', '2026-01-01T00:00:00Z')");
  }
  auto db = store::open_database(dir.file("leadhub.db"));
  EXPECT_EQ(db->execAndGet("SELECT COUNT(*) FROM tenants").getInt(), 2);
}

TEST(Migrations, NewerSchemaIsRefusedNamingBothVersions)
{
  test::TempDir dir;
  int newer = store::latest_schema_version() + 7;
  {
    auto db = store::open_database(dir.file("leadhub.db"));
    db->exec("PRAGMA user_version = " + std::to_string(newer));
  }
  try {
    store::open_database(dir.file("leadhub.db"));
    FAIL() << "a newer schema was accepted";
  } catch (const store::StoreError& e) {
    EXPECT_EQ(e.kind(), store::StoreError::Kind::schema_too_new);
    std::string what = e.what();
    EXPECT_NE(what.find(std::to_string(newer)), std::string::npos) << what;
    EXPECT_NE(what.find(std::to_string(store::latest_schema_version())), std::string::npos) << what;
    EXPECT_NE(what.find(dir.file("leadhub.db")), std::string::npos) << what;
  }
}

namespace {

// How many temporary B-trees an insert into events builds (SQLite's OpenEphemeral).
int ephemeral_tables_per_event_insert(SQLite::Database& db)
{
  SQLite::Statement st(db, "EXPLAIN INSERT INTO events (received_at, channel, outcome) VALUES (?, ?, ?)");
  int n = 0;
  while (st.executeStep())
    n += st.getColumn(1).getString() == "OpenEphemeral";
  return n;
}

void insert_event(SQLite::Database& db, const std::string& channel, const std::string& outcome)
{
  SQLite::Statement st(db, "INSERT INTO events (received_at, channel, outcome) VALUES ('2026-11-27T00:00:00Z', ?, ?)");
  st.bind(1, channel);
  st.bind(2, outcome);
  st.exec();
}

} // namespace

TEST(Migrations, EventChecksAreComparisonsAndAllowTheSameValues)
{
  test::TempDir dir;
  const auto& all = store::embedded_migrations();
  ASSERT_GE(all.size(), 4u);
  SQLite::Database db(dir.file("leadhub.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  store::migrate(db, std::vector<store::Migration>(all.begin(), all.begin() + 3));
  insert_event(db, "webhook", "accepted"); // a row from before, which must survive
  // A second connection open across the migration must see the new schema too.
  SQLite::Database other(dir.file("leadhub.db"), SQLite::OPEN_READWRITE);
  EXPECT_EQ(ephemeral_tables_per_event_insert(other), 2) << "the IN lists this migration replaces";
  store::migrate(db, all);

  for (auto* conn : {&db, &other}) {
    // EXPLAIN alone does not check the schema cookie; any statement that reads does (and then
    // every statement is prepared against the new schema).
    conn->execAndGet("SELECT count(*) FROM events");
    EXPECT_EQ(ephemeral_tables_per_event_insert(*conn), 0) << (conn == &db ? "migrating connection" : "other");
    for (auto channel : {"webhook", "imap", "form", "oauth_fetch"})
      EXPECT_NO_THROW(insert_event(*conn, channel, "accepted")) << channel;
    for (auto outcome :
         {"accepted", "duplicate", "ignored_inactive", "rejected_signature", "invalid_payload", "handshake", "error"})
      EXPECT_NO_THROW(insert_event(*conn, "webhook", outcome)) << outcome;
    EXPECT_THROW(insert_event(*conn, "fax", "accepted"), SQLite::Exception);
    EXPECT_THROW(insert_event(*conn, "webhook", "ignored"), SQLite::Exception);
  }
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM events").getInt(), 1 + 2 * 11);
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name LIKE 'migration_%'").getInt(), 0);
}
