// The hosted form in a real browser: headless Chromium driven over the W3C WebDriver HTTP API
// (chromedriver on a loopback port) fills in the form, submits it without JavaScript of ours,
// and the lead is in the database; a bot that fills the honeypot gets thanked and dropped.
#include "tests/support/daemon.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

using leadhub::test::create_source;
using leadhub::test::Daemon;
using leadhub::test::query_int;
using leadhub::test::require_executable;
using leadhub::test::TempDir;
using nlohmann::json;

namespace {

using namespace std::chrono_literals;

constexpr const char* k_chromedriver = "/usr/bin/chromedriver";
constexpr const char* k_chromium = "/usr/bin/chromium";
constexpr const char* k_element_key = "element-6066-11e4-a52e-4f735466cecf";

int free_port()
{
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// chromedriver plus one headless Chromium session; every call throws with the driver's answer
// when it fails, so that a broken browser fails the test with a reason.
class Browser {
public:
  Browser()
  {
    require_executable(k_chromedriver, "chromedriver (Debian package chromium-driver)");
    require_executable(k_chromium, "chromium (Debian package chromium)");
    start_driver();
    json args = {"--headless",
                 "--no-sandbox",
                 "--disable-gpu",
                 "--disable-quic",
                 "--no-first-run",
                 "--disable-background-networking",
                 "--disable-component-update",
                 "--disable-sync",
                 "--disable-dev-shm-usage",
                 "--user-data-dir=" + m_profile.path()};
    json caps = {{"capabilities",
                  {{"alwaysMatch",
                    {{"browserName", "chrome"}, {"goog:chromeOptions", {{"binary", k_chromium}, {"args", args}}}}}}}};
    m_session = call("POST", "/session", caps)["sessionId"].get<std::string>();
  }
  ~Browser()
  {
    if (!m_session.empty()) {
      try {
        call("DELETE", "/session/" + m_session, nullptr);
      } catch (const std::exception&) {
      }
    }
  }

  void go(const std::string& url) { session("POST", "/url", {{"url", url}}); }
  std::string title() { return session("GET", "/title", nullptr).get<std::string>(); }
  std::string find(const std::string& css)
  {
    return session("POST", "/element", {{"using", "css selector"}, {"value", css}})[k_element_key];
  }
  void type(const std::string& css, const std::string& text)
  {
    session("POST", "/element/" + find(css) + "/value", {{"text", text}});
  }
  void click(const std::string& css) { session("POST", "/element/" + find(css) + "/click", json::object()); }
  json script(const std::string& code, json args = json::array())
  {
    return session("POST", "/execute/sync", {{"script", code}, {"args", args}});
  }
  // Waits until the page title is `expected`; false at the deadline.
  bool wait_title(const std::string& expected, std::chrono::seconds deadline)
  {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < until) {
      if (title() == expected)
        return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }
  std::string driver_log() const { return leadhub::test::read_file(m_profile.file("chromedriver.log")); }

private:
  void start_driver()
  {
    m_port = free_port();
    m_driver = std::make_unique<leadhub::test::Child>(std::vector<std::string>{
        k_chromedriver, "--port=" + std::to_string(m_port), "--log-path=" + m_profile.file("chromedriver.log")});
    auto until = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < until) {
      if (!m_driver->alive())
        throw std::runtime_error("chromedriver exited: " + m_driver->stderr_text());
      httplib::Client c("127.0.0.1", m_port);
      if (auto r = c.Get("/status"); r && r->status == 200 && json::parse(r->body)["value"]["ready"] == true)
        return;
      std::this_thread::sleep_for(50ms);
    }
    throw std::runtime_error("chromedriver did not become ready on port " + std::to_string(m_port));
  }
  json session(const std::string& method, const std::string& path, const json& body)
  {
    return call(method, "/session/" + m_session + path, body);
  }
  json call(const std::string& method, const std::string& path, const json& body)
  {
    httplib::Client c("127.0.0.1", m_port);
    c.set_read_timeout(90s);
    httplib::Result r = method == "GET"      ? c.Get(path.c_str())
                        : method == "DELETE" ? c.Delete(path.c_str())
                                             : c.Post(path.c_str(), body.dump(), "application/json");
    if (!r)
      throw std::runtime_error("webdriver " + method + " " + path + ": " + httplib::to_string(r.error()));
    auto answer = json::parse(r->body, nullptr, false);
    if (r->status != 200 || !answer.is_object())
      throw std::runtime_error("webdriver " + method + " " + path + " -> " + std::to_string(r->status) + ": " +
                               r->body.substr(0, 2000));
    return answer["value"];
  }

  TempDir m_profile;
  int m_port = 0;
  std::unique_ptr<leadhub::test::Child> m_driver;
  std::string m_session;
};

class HostedForm : public ::testing::Test {
protected:
  void TearDown() override
  {
    if (HasFailure())
      std::cerr << "leadhubd log:\n" << daemon.log();
  }
  Daemon daemon;
};

TEST_F(HostedForm, FilledInAndSubmittedInChromiumCreatesALead)
{
  auto src = create_source(daemon, "Contact us", "webform");
  Browser browser;
  browser.go(daemon.base_url() + src.form_path);
  ASSERT_EQ(browser.title(), "Contact us");
  browser.type("#first_name", "Mary Ann");
  browser.type("#last_name", "O'Neill");
  browser.type("#email", "mary.oneill@example.com");
  browser.type("#phone", " +1 555 0100 ");
  browser.type("#message", "Please call me about 50 seats & a <quote>.");
  browser.click("button[type=submit]");
  ASSERT_TRUE(browser.wait_title("Thank you", 30s)) << "title: " << browser.title();
  EXPECT_EQ(query_int(daemon.db_path(),
                      "SELECT count(*) FROM leads WHERE source_id = ? AND first_name = 'Mary Ann' AND "
                      "last_name = 'O''Neill' AND email = 'mary.oneill@example.com' AND phone = '+1 555 0100' AND "
                      "notes = 'Please call me about 50 seats & a <quote>.'",
                      {std::to_string(src.id)}),
            1);
}

TEST_F(HostedForm, HoneypotIsOffScreenAndDropsABotThatFillsIt)
{
  auto src = create_source(daemon, "Contact us", "webform");
  Browser browser;
  browser.go(daemon.base_url() + src.form_path);
  ASSERT_EQ(browser.title(), "Contact us");
  // People never see it: it lies outside the viewport (not display:none, which bots learn to skip).
  auto rect = browser.script("var r = document.getElementById('website').getBoundingClientRect();"
                             "return [r.right, getComputedStyle(document.getElementById('website')).display];");
  EXPECT_LT(rect[0].get<double>(), 0);
  EXPECT_NE(rect[1].get<std::string>(), "none");
  // A bot fills in every input it finds.
  browser.script("document.getElementById('website').value = arguments[0];", json::array({"http://spam.example"}));
  browser.type("#first_name", "Bot");
  browser.type("#email", "bot@example.com");
  browser.click("button[type=submit]");
  ASSERT_TRUE(browser.wait_title("Thank you", 30s)) << "title: " << browser.title();
  EXPECT_EQ(query_int(daemon.db_path(), "SELECT count(*) FROM leads WHERE email = 'bot@example.com'"), 0);
  EXPECT_EQ(query_int(daemon.db_path(), "SELECT count(*) FROM events WHERE source_id = ?", {std::to_string(src.id)}),
            1);
}

TEST_F(HostedForm, EmailIsRequiredByTheBrowser)
{
  auto src = create_source(daemon, "Contact us", "webform");
  Browser browser;
  browser.go(daemon.base_url() + src.form_path);
  browser.type("#first_name", "No Email");
  // Constraint validation keeps the browser on the form: the form is invalid, so a click posts nothing.
  EXPECT_EQ(browser.script("return document.querySelector('form').checkValidity();"), false);
  EXPECT_EQ(browser.script("return document.getElementById('email').validity.valueMissing;"), true);
  browser.click("button[type=submit]");
  EXPECT_EQ(browser.title(), "Contact us");
  EXPECT_EQ(query_int(daemon.db_path(), "SELECT count(*) FROM events WHERE source_id = ?", {std::to_string(src.id)}),
            0);
}

} // namespace
