// leadhubctl source test, lead list | show | move and events list | show | replay, run as a
// subprocess on a temporary database: the same delivery path leadhubd runs.
#include "tests/cli/cli_fixture.hpp"

namespace leadhub::test {

namespace {

const std::vector<std::string> k_design_lead_keys = {
    "id",        "source_id", "source_name", "source_type", "external_id", "first_name", "last_name",
    "email",     "phone",     "company",     "job_title",   "city",        "country",    "notes",
    "custom",    "extra",     "pipeline",    "stage",       "status",      "test",       "received_at"};
const std::vector<std::string> k_design_event_keys = {"id",      "source_id",   "source_type", "received_at", "channel",
                                                      "outcome", "http_status", "lead_ids",    "detail"};

class LeadsCli : public CliTest {
protected:
  void SetUp() override
  {
    ASSERT_EQ(ctl({"pipeline", "create", "Sales", "--stages", "New,Contacted,Won:won,Lost:lost"}).exit_code, 0);
    ASSERT_EQ(ctl({"source", "create", "--name", "Site", "--type", "webform", "--pipeline", "Sales"}).exit_code, 0);
  }

  // Delivers `body` (JSON) through `source test --payload` and returns the leads it printed.
  nlohmann::ordered_json deliver(const std::string& body)
  {
    return json({"source", "test", "Site", "--payload", dir.write("payload.json", body)});
  }
};

} // namespace

TEST_F(LeadsCli, SourceTestMakesATestLeadWithTheDesignKeys)
{
  auto leads = json({"source", "test", "Site"});
  ASSERT_EQ(leads.size(), 1u);
  EXPECT_EQ(keys_of(leads[0]), k_design_lead_keys);
  EXPECT_EQ(leads[0]["test"], true);
  EXPECT_EQ(leads[0]["pipeline"], "Sales");
  EXPECT_EQ(leads[0]["stage"], "New");
  EXPECT_EQ(leads[0]["status"], "open");
  EXPECT_EQ(leads[0]["source_name"], "Site");
  EXPECT_FALSE(leads[0]["email"].get<std::string>().empty());

  auto listed = json({"lead", "list"});
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0], leads[0]);
  EXPECT_EQ(json({"lead", "show", std::to_string(leads[0]["id"].get<int64_t>())}), leads[0]);
}

TEST_F(LeadsCli, SourceTestOfAnInactiveSourceIsLoggedAndRefused)
{
  ASSERT_EQ(ctl({"source", "deactivate", "Site"}).exit_code, 0);
  auto r = ctl({"source", "test", "Site"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("inactive"), std::string::npos) << r.err;
  EXPECT_EQ(json({"lead", "list"}).size(), 0u);
  auto events = json({"events", "list"});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["outcome"], "ignored_inactive");
}

TEST_F(LeadsCli, BadPayloadIsAUsageErrorAndAnEvent)
{
  auto r = ctl({"source", "test", "Site", "--payload", dir.write("bad.json", "{\"email\":")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("leadhubctl: error: invalid payload"), std::string::npos) << r.err;
  auto events = json({"events", "list", "--outcome", "invalid_payload"});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["http_status"], 400);
  EXPECT_EQ(ctl({"source", "test", "Nope"}).exit_code, 3);
  EXPECT_EQ(ctl({"source", "test", "Site", "--payload", dir.file("missing.json")}).exit_code, 2);
}

TEST_F(LeadsCli, LeadListFiltersLimitsAndFormats)
{
  for (int i = 0; i < 3; ++i)
    deliver(R"({"email":"p)" + std::to_string(i) + R"(@example.com","first_name":"P"})");
  ASSERT_EQ(ctl({"source", "create", "--name", "Other", "--type", "jotform"}).exit_code, 0);
  auto all = json({"lead", "list"});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0]["email"], "p2@example.com") << "newest first";
  EXPECT_EQ(json({"lead", "list", "--limit", "2"}).size(), 2u);
  EXPECT_EQ(json({"lead", "list", "--limit", "0"}).size(), 3u);
  EXPECT_EQ(json({"lead", "list", "--source", "Other"}).size(), 0u);
  EXPECT_EQ(json({"lead", "list", "--source", "Site"}).size(), 3u);
  EXPECT_EQ(json({"lead", "list", "--since", "2999-01-01"}).size(), 0u);
  EXPECT_EQ(json({"lead", "list", "--until", "2000-01-01"}).size(), 0u);
  EXPECT_EQ(json({"lead", "list", "--since", "2000-01-01T00:00:00Z"}).size(), 3u);
  EXPECT_EQ(ctl({"lead", "list", "--since", "yesterday"}).exit_code, 2);
  EXPECT_EQ(ctl({"lead", "list", "--source", "Nope"}).exit_code, 3);

  auto csv = ctl({"lead", "list", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0);
  std::string header;
  for (const auto& k : k_design_lead_keys)
    header += (header.empty() ? "" : ",") + k;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\r')), header);
  auto table = ctl({"lead", "list"});
  EXPECT_NE(table.out.find("p1@example.com"), std::string::npos);
}

TEST_F(LeadsCli, MoveChangesStageAndStatus)
{
  auto id = std::to_string(json({"source", "test", "Site"})[0]["id"].get<int64_t>());
  auto moved = json({"lead", "move", id, "--stage", "Won"});
  EXPECT_EQ(moved["stage"], "Won");
  EXPECT_EQ(moved["status"], "won");
  EXPECT_EQ(json({"lead", "show", id})["status"], "won");
  EXPECT_EQ(ctl({"lead", "move", id, "--stage", "Nowhere"}).exit_code, 3);
  EXPECT_EQ(ctl({"lead", "move", id, "--stage", "Won", "--pipeline", "Nope"}).exit_code, 3);
  EXPECT_EQ(ctl({"lead", "move", "999", "--stage", "Won"}).exit_code, 3);
  EXPECT_EQ(ctl({"lead", "show", "999"}).exit_code, 3);
  EXPECT_EQ(ctl({"lead", "move", id}).exit_code, 2) << "--stage is required";
}

TEST_F(LeadsCli, EventsListShowAndBadOutcome)
{
  deliver(R"({"email":"e@example.com"})");
  auto events = json({"events", "list"});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(keys_of(events[0]), k_design_event_keys);
  EXPECT_EQ(events[0]["outcome"], "accepted");
  EXPECT_EQ(events[0]["channel"], "webhook");
  EXPECT_EQ(events[0]["lead_ids"].size(), 1u);
  auto shown = json({"events", "show", std::to_string(events[0]["id"].get<int64_t>())});
  EXPECT_EQ(shown["body"], R"({"email":"e@example.com"})");
  EXPECT_EQ(shown["outcome"], "accepted");
  EXPECT_EQ(ctl({"events", "list", "--outcome", "weird"}).exit_code, 2);
  EXPECT_EQ(json({"events", "list", "--outcome", "duplicate"}).size(), 0u);
  EXPECT_EQ(ctl({"events", "show", "999"}).exit_code, 3);
  EXPECT_EQ(ctl({"events", "replay", "999"}).exit_code, 3);
}

TEST_F(LeadsCli, ReplayAfterAMappingChangeUpdatesTheLead)
{
  ASSERT_EQ(ctl({"field", "create", "budget", "--type", "number"}).exit_code, 0);
  auto lead = deliver(R"j({"email":"r@example.com","Budget (USD)":"7000","Company":"Initech"})j")[0];
  EXPECT_EQ(lead["extra"]["Budget (USD)"], "7000");
  ASSERT_EQ(ctl({"source", "map", "set", "Site", "Budget (USD)", "budget"}).exit_code, 0);
  auto event_id = json({"events", "list"})[0]["id"].get<int64_t>();
  auto replayed = json({"events", "replay", std::to_string(event_id)});
  EXPECT_EQ(replayed["detail"], "replay of event " + std::to_string(event_id));
  EXPECT_EQ(replayed["lead_ids"], nlohmann::ordered_json::array({lead["id"]}));
  auto after = json({"lead", "show", std::to_string(lead["id"].get<int64_t>())});
  EXPECT_EQ(after["custom"]["budget"], "7000");
  EXPECT_FALSE(after["extra"].contains("Budget (USD)"));
  EXPECT_EQ(after["company"], "Initech");
  EXPECT_EQ(json({"lead", "list"}).size(), 1u) << "a replay updates, it does not duplicate";
}

} // namespace leadhub::test
