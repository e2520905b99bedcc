#include "core/ingest/ingestor.hpp"
#include "core/store/catalog_repo.hpp"
#include "core/store/event_repo.hpp"
#include "core/store/lead_repo.hpp"
#include "core/store/source_repo.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <future>
#include <thread>

using namespace leadhub;

namespace {

class IngestorTest : public ::testing::Test {
protected:
  void SetUp() override
  {
    auto s = store::open_store(dir.file("leadhub.db"), dir.file("master.key"));
    ASSERT_TRUE(s) << s.error().message;
    store = std::move(*s);
    ASSERT_TRUE(store::PipelineRepo(*store, "default").create("Sales", "New,Contacted,Won:won,Lost:lost"));
    auto src = store::SourceRepo(*store, "default").create({"Site form", "webform", true, "Sales", std::nullopt});
    ASSERT_TRUE(src) << src.error().message;
    source = *src;
    ingestor = std::make_unique<ingest::Ingestor>(
        ingest::IngestOptions{dir.file("leadhub.db"), dir.file("master.key"), 300, [] { return int64_t{1795723200}; }});
  }

  ingest::WebhookRequest post(const std::string& body, const std::string& content_type = "application/json")
  {
    ingest::WebhookRequest r;
    r.tenant = "default";
    r.type = "webform";
    r.token = source.token;
    r.delivery.method = "POST";
    r.delivery.content_type = content_type;
    r.delivery.content_type_header = content_type;
    r.delivery.body = body;
    r.delivery.headers.emplace("content-type", content_type);
    r.delivery.headers.emplace("authorization", "Bearer hunter2");
    return r;
  }

  // An Ingestor whose writes give up on a lock after 100 ms.
  void reopen_impatient()
  {
    ingestor.reset();
    ingest::IngestOptions options{dir.file("leadhub.db"), dir.file("master.key"), 300, util::system_now};
    options.busy_timeout_ms = 100;
    ingestor = std::make_unique<ingest::Ingestor>(options);
  }

  std::vector<leads::Lead> leads() { return store::LeadRepo(store->db(), "default").list({}); }
  std::vector<store::Event> events() { return store::EventRepo(store->db(), "default").list({}); }

  test::TempDir dir;
  std::unique_ptr<store::Store> store;
  store::Source source;
  std::unique_ptr<ingest::Ingestor> ingestor;
};

} // namespace

TEST_F(IngestorTest, AcceptsALeadIntoThePipelinesFirstStage)
{
  auto reply = ingestor->handle(post(R"({"first_name":"Ada","last_name":"Lovelace","email":"ada@example.com",
                                         "message":"Call me","utm_source":"news"})"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto body = nlohmann::json::parse(reply.body);
  EXPECT_EQ(body["status"], "accepted");
  ASSERT_EQ(body["lead_ids"].size(), 1u);
  auto all = leads();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, body["lead_ids"][0].get<int64_t>());
  EXPECT_EQ(all[0].contact.first_name, "Ada");
  EXPECT_EQ(all[0].contact.email, "ada@example.com");
  EXPECT_EQ(all[0].contact.notes, "Call me");
  EXPECT_EQ(all[0].extra.at("utm_source"), "news");
  EXPECT_EQ(all[0].pipeline, "Sales");
  EXPECT_EQ(all[0].stage, "New");
  EXPECT_EQ(all[0].status, "open");
  EXPECT_EQ(all[0].received_at, "2026-11-26T20:00:00Z");
  auto evs = events();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].outcome, "accepted");
  EXPECT_EQ(evs[0].lead_ids, std::vector<int64_t>{all[0].id});
  auto full = store::EventRepo(store->db(), "default").find(evs[0].id);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->headers_json.find("hunter2"), std::string::npos) << "secret header stored";
}

TEST_F(IngestorTest, DropsADuplicateExternalId)
{
  auto body = R"({"submission_id":"s-1","email":"a@example.com"})";
  EXPECT_EQ(nlohmann::json::parse(ingestor->handle(post(body)).body)["status"], "accepted");
  auto again = ingestor->handle(post(body));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(nlohmann::json::parse(again.body)["status"], "duplicate");
  EXPECT_EQ(leads().size(), 1u);
  EXPECT_EQ(events()[0].outcome, "duplicate");
}

TEST_F(IngestorTest, UnknownTokenTypeAndTenantShareOne404)
{
  auto a = post("{}");
  a.token = std::string(48, 'x');
  auto b = post("{}");
  b.type = "typeform";
  auto c = post("{}");
  c.tenant = "nobody";
  auto d = post("{}");
  d.type = "no-such-type";
  auto ra = ingestor->handle(a), rb = ingestor->handle(b), rc = ingestor->handle(c), rd = ingestor->handle(d);
  for (auto* r : {&ra, &rb, &rc, &rd}) {
    EXPECT_EQ(r->status, 404);
    EXPECT_EQ(r->body, ra.body);
  }
}

TEST_F(IngestorTest, InactiveConnectionIsIgnoredAndLogged)
{
  ASSERT_TRUE(store::SourceRepo(*store, "default").set_active(source.name, false));
  auto reply = ingestor->handle(post(R"({"email":"x@example.com"})"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(nlohmann::json::parse(reply.body)["status"], "ignored");
  EXPECT_TRUE(leads().empty());
  EXPECT_EQ(events().at(0).outcome, "ignored_inactive");
}

TEST_F(IngestorTest, MalformedAndOversizeBodiesAreRefusedAndRecorded)
{
  EXPECT_EQ(ingestor->handle(post("{\"email\":")).status, 400);
  EXPECT_EQ(ingestor->handle(post("x=1", "text/csv")).status, 400);
  auto big = post("{}");
  big.body_too_large = true;
  EXPECT_EQ(ingestor->handle(big).status, 413);
  auto evs = events();
  ASSERT_EQ(evs.size(), 3u);
  for (auto& e : evs)
    EXPECT_EQ(e.outcome, "invalid_payload");
  EXPECT_EQ(evs[0].http_status, 413);
  EXPECT_EQ(evs[1].http_status, 400);
  EXPECT_TRUE(leads().empty());
}

TEST_F(IngestorTest, ReplayAppliesTodaysMapping)
{
  ASSERT_TRUE(store::FieldRepo(*store, "default").create("budget", "Budget", "number"));
  auto first = ingestor->handle(post(R"({"submission_id":"r-1","email":"b@example.com","Your budget":"5000"})"));
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(leads()[0].extra.at("Your budget"), "5000");
  ASSERT_TRUE(store::SourceRepo(*store, "default").set_mapping(source.id, "Your budget", "budget"));
  auto replay = ingestor->replay("default", *first.event_id);
  ASSERT_TRUE(replay) << replay.error().message;
  EXPECT_EQ(replay->status, 200);
  auto all = leads();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].custom.at("budget"), "5000");
  EXPECT_EQ(all[0].extra.count("Your budget"), 0u);
  EXPECT_EQ(events()[0].detail, "replay of event " + std::to_string(*first.event_id));
}

TEST_F(IngestorTest, StorageUnavailableIs503AndNothingIsAcknowledged)
{
  reopen_impatient();
  auto holder = store::open_database(dir.file("leadhub.db"));
  holder->exec("BEGIN IMMEDIATE"); // another writer holds the lock past the busy timeout
  auto reply = ingestor->handle(post(R"({"email":"locked@example.com"})"));
  holder->exec("ROLLBACK");
  EXPECT_EQ(reply.status, 503);
  EXPECT_EQ(reply.outcome, "unavailable");
  EXPECT_TRUE(leads().empty());
  auto after = ingestor->handle(post(R"({"email":"locked@example.com"})"));
  EXPECT_EQ(after.status, 200) << "the daemon recovers once the lock is gone";
}

TEST_F(IngestorTest, AHoneypotHitIsAnswered200WithoutALead)
{
  auto reply = ingestor->handle(post(R"({"email":"bot@example.com","website":"http://spam.example"})"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(nlohmann::json::parse(reply.body)["status"], "ignored");
  EXPECT_TRUE(leads().empty());
  auto evs = events();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].outcome, "accepted");
  EXPECT_TRUE(evs[0].lead_ids.empty());
}

TEST_F(IngestorTest, ReplayWithoutExternalIdUpdatesTheOriginalLead)
{
  auto first = ingestor->handle(post(R"({"email":"c@example.com","Company name":"Acme"})"));
  ASSERT_EQ(first.status, 200);
  ASSERT_TRUE(store::SourceRepo(*store, "default").set_mapping(source.id, "Company name", "company"));
  auto replay = ingestor->replay("default", *first.event_id);
  ASSERT_TRUE(replay) << replay.error().message;
  auto all = leads();
  ASSERT_EQ(all.size(), 1u) << "a replay must not duplicate the lead";
  EXPECT_EQ(all[0].contact.company, "Acme");
  EXPECT_EQ(replay->lead_ids, first.lead_ids);
}

TEST_F(IngestorTest, StageHistoryStartsWhereTheLeadArrived)
{
  auto reply = ingestor->handle(post(R"({"email":"h@example.com"})"));
  ASSERT_EQ(reply.status, 200);
  auto id = reply.lead_ids.at(0);
  store::LeadRepo repo(store->db(), "default");
  auto before = repo.history(id);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].stage, "New");
  EXPECT_EQ(before[0].changed_at, "2026-11-26T20:00:00Z");
  ASSERT_TRUE(repo.move(id, "Contacted", std::nullopt));
  ASSERT_TRUE(repo.move(id, "Won", std::nullopt));
  auto after = repo.history(id);
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[0].stage, "New");
  EXPECT_EQ(after[0].changed_at, "2026-11-26T20:00:00Z");
  EXPECT_EQ(after[1].stage, "Contacted");
  EXPECT_EQ(after[2].stage, "Won");
  EXPECT_EQ(repo.find(id)->status, "won");
}

TEST_F(IngestorTest, AdminChangesReachDeliveriesPastTheRecheckInterval)
{
  // The cache reads the configuration version at most once per interval; a change applies to
  // every delivery that arrives after it.
  auto past_recheck = [] { std::this_thread::sleep_for(ingest::IngestOptions{}.config_recheck * 2); };
  ASSERT_EQ(ingestor->handle(post(R"({"email":"a1@example.com","Firma":"Acme"})")).status, 200);
  EXPECT_EQ(leads()[0].extra.at("Firma"), "Acme");

  store::SourceRepo repo(*store, "default");
  ASSERT_TRUE(repo.set_mapping(source.id, "Firma", "company"));
  past_recheck();
  ASSERT_EQ(ingestor->handle(post(R"({"email":"a2@example.com","Firma":"Initech"})")).status, 200);
  EXPECT_EQ(leads()[0].contact.company, "Initech") << "a new mapping applies";

  ASSERT_TRUE(store::FieldRepo(*store, "default").create("budget", "Budget", "number"));
  past_recheck();
  ASSERT_EQ(ingestor->handle(post(R"({"email":"a3@example.com","budget":"9"})")).status, 200);
  EXPECT_EQ(leads()[0].custom.at("budget"), "9") << "a new custom field applies";

  ASSERT_TRUE(repo.set_active(source.name, false));
  past_recheck();
  EXPECT_EQ(nlohmann::json::parse(ingestor->handle(post(R"({"email":"a4@example.com"})")).body)["status"], "ignored");
  ASSERT_TRUE(repo.set_active(source.name, true));
  past_recheck();

  auto rotated = repo.rotate_token(source.name);
  ASSERT_TRUE(rotated);
  past_recheck();
  EXPECT_EQ(ingestor->handle(post(R"({"email":"a5@example.com"})")).status, 404) << "the old token stops";
  auto fresh = post(R"({"email":"a6@example.com"})");
  fresh.token = rotated->token;
  EXPECT_EQ(ingestor->handle(fresh).status, 200);

  ASSERT_TRUE(repo.remove(source.name));
  past_recheck();
  EXPECT_EQ(ingestor->handle(fresh).status, 404) << "a deleted connection's URL is gone";
}

// Under traffic the delivery path does not read the configuration version: each write
// transaction reads it anyway and hands it on, so a change reaches the deliveries after the next
// commit, however long the recheck interval.
TEST_F(IngestorTest, EachCommitBringsTheConfigurationVersionUpToDate)
{
  ingest::IngestOptions options{dir.file("leadhub.db"), dir.file("master.key"), 300, util::system_now};
  options.config_recheck = std::chrono::hours(1);
  ingestor = std::make_unique<ingest::Ingestor>(options);
  ASSERT_EQ(ingestor->handle(post(R"({"email":"a1@example.com"})")).status, 200);

  ASSERT_TRUE(store::SourceRepo(*store, "default").set_active(source.name, false));
  // Read against the cached, active connection; its commit sees the new version.
  ASSERT_EQ(ingestor->handle(post(R"({"email":"a2@example.com"})")).status, 200);
  EXPECT_EQ(leads().size(), 2u);
  auto reply = ingestor->handle(post(R"({"email":"a3@example.com"})"));
  EXPECT_EQ(nlohmann::json::parse(reply.body)["status"], "ignored");
  EXPECT_EQ(leads().size(), 2u);
}

TEST_F(IngestorTest, AStaleConfigurationNeverWritesARowThatRefersToADeletedOne)
{
  // The writer does not enforce foreign keys; a delivery read against a configuration that has
  // since moved is checked by hand. A recheck interval of an hour keeps the stale copy in use.
  ingest::IngestOptions options{dir.file("leadhub.db"), dir.file("master.key"), 300, util::system_now};
  options.config_recheck = std::chrono::hours(1);
  ingestor = std::make_unique<ingest::Ingestor>(options);
  ASSERT_EQ(ingestor->handle(post(R"({"email":"a1@example.com"})")).status, 200);

  // The configuration moved, but everything the delivery refers to is still there. (The writer
  // sees the new version in that commit, and the next delivery loads the connection again.)
  ASSERT_TRUE(store::FieldRepo(*store, "default").create("budget", "Budget", "number"));
  ASSERT_EQ(ingestor->handle(post(R"({"email":"a2@example.com"})")).status, 200);
  ASSERT_EQ(ingestor->handle(post(R"({"email":"a3@example.com"})")).status, 200);
  ASSERT_EQ(leads().size(), 3u);

  // The cached connection itself is gone: 503, so that the platform retries (and then gets 404).
  ASSERT_TRUE(store::SourceRepo(*store, "default").remove(source.name));
  auto reply = ingestor->handle(post(R"({"email":"a4@example.com"})"));
  EXPECT_EQ(reply.status, 503);
  EXPECT_EQ(leads().size(), 3u);
  EXPECT_EQ(ingestor->handle(post(R"({"email":"a5@example.com"})")).status, 404) << "the writer saw the deletion";
  SQLite::Statement check(store->db(), "PRAGMA foreign_key_check");
  EXPECT_FALSE(check.executeStep()) << "a row refers to a deleted one";
}

namespace {

// handle_async's answer, waited for.
ingest::Reply handled_async(ingest::Ingestor& ingestor, const ingest::WebhookRequest& request)
{
  std::promise<ingest::Reply> answer;
  ingestor.handle_async(request, [&](ingest::Reply r) { answer.set_value(std::move(r)); });
  auto future = answer.get_future();
  if (future.wait_for(std::chrono::seconds(30)) != std::future_status::ready)
    throw std::runtime_error("handle_async never answered");
  return future.get();
}

} // namespace

TEST_F(IngestorTest, AnAsyncDeliveryIsAnsweredOnceItsLeadIsCommitted)
{
  auto body = R"({"submission_id":"a-1","email":"async@example.com"})";
  std::promise<std::pair<ingest::Reply, size_t>> answer;
  ingestor->handle_async(post(body), [&](ingest::Reply r) {
    // On the writer thread, after COMMIT: another connection sees the lead already.
    size_t seen = store::LeadRepo(store->db(), "default").list({}).size();
    answer.set_value({std::move(r), seen});
  });
  auto [reply, seen] = answer.get_future().get();
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(seen, 1u);
  auto json = nlohmann::json::parse(reply.body);
  EXPECT_EQ(json["status"], "accepted");
  ASSERT_EQ(reply.lead_ids.size(), 1u);
  EXPECT_EQ(json["lead_ids"][0].get<int64_t>(), reply.lead_ids[0]);
  EXPECT_EQ(leads().at(0).id, reply.lead_ids[0]);
  EXPECT_EQ(reply.event_id, events().at(0).id);
  EXPECT_EQ(reply.source_id, source.id);
  EXPECT_EQ(reply.source_type, "webform");

  auto again = handled_async(*ingestor, post(body));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(nlohmann::json::parse(again.body)["status"], "duplicate");
  EXPECT_EQ(again.outcome, "duplicate");
  EXPECT_EQ(leads().size(), 1u);
}

TEST_F(IngestorTest, AsyncAnswersEqualTheSynchronousOnes)
{
  auto unknown = post("{}");
  unknown.token = std::string(48, 'x');
  auto big = post("{}");
  big.body_too_large = true;
  auto get = post("");
  get.delivery.method = "GET"; // a webform has no handshake: answered without a commit
  for (const auto& request : {unknown, big, post("{\"email\":"), post("{}", "text/csv"), get}) {
    auto sync = ingestor->handle(request);
    auto async = handled_async(*ingestor, request);
    EXPECT_EQ(async.status, sync.status) << sync.body;
    EXPECT_EQ(async.body, sync.body);
    EXPECT_EQ(async.outcome, sync.outcome);
    EXPECT_EQ(async.source_type, sync.source_type);
    EXPECT_EQ(async.event_id.has_value(), sync.event_id.has_value());
  }
  EXPECT_EQ(store->db().execAndGet("SELECT count(*) FROM events").getInt(), 8)
      << "every delivery but the two GETs is on record";
}

TEST_F(IngestorTest, AnAsyncDeliveryOnALockedDatabaseIs503)
{
  reopen_impatient();
  auto holder = store::open_database(dir.file("leadhub.db"));
  holder->exec("BEGIN IMMEDIATE");
  auto reply = handled_async(*ingestor, post(R"({"email":"locked@example.com"})"));
  holder->exec("ROLLBACK");
  EXPECT_EQ(reply.status, 503);
  EXPECT_EQ(reply.outcome, "unavailable");
  EXPECT_TRUE(leads().empty());
  EXPECT_EQ(handled_async(*ingestor, post(R"({"email":"locked@example.com"})")).status, 200);
}
