#include "tests/support/daemon.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <fstream>
#include <regex>
#include <stdexcept>
#include <thread>

namespace leadhub::test {

namespace {

using namespace std::chrono_literals;

// Variables from the developer's shell or a service manager that would change what is tested.
const std::vector<std::string> k_unset_env = {"LEADHUB_DB",    "LEADHUB_CONFIG", "LEADHUB_TENANT", "NOTIFY_SOCKET",
                                              "WATCHDOG_USEC", "WATCHDOG_PID",   "JOURNAL_STREAM"};

std::optional<int> port_from_log(const std::string& log)
{
  static const std::regex listening(R"(http\.listening[^\n]*?"?port"?[=:]\s*([0-9]+))");
  std::smatch m;
  if (std::regex_search(log, m, listening))
    return std::stoi(m[1].str());
  return std::nullopt;
}

} // namespace

void require_executable(const std::string& path, const std::string& what)
{
  if (::access(path.c_str(), X_OK) != 0)
    throw std::runtime_error(what + " not found or not executable at '" + path + "' (build it first)");
}

Daemon::Daemon(DaemonConfig config) : m_settings(std::move(config))
{
  m_db = m_dir.file("leadhub.db");
  m_config = m_dir.file("leadhub.conf");
  rewrite_config({});
  start();
}

Daemon::~Daemon()
{
  if (m_child && m_child->alive())
    stop(SIGTERM, 10s);
}

void Daemon::rewrite_config(const std::map<std::string, std::string>& keys)
{
  std::map<std::string, std::string> all = {
      {"db", m_db}, {"listen", "127.0.0.1:0"}, {"public_url", "http://127.0.0.1:8080"}, {"log_level", "info"}};
  for (const auto& [k, v] : m_settings.keys)
    all[k] = v;
  for (const auto& [k, v] : keys)
    all[k] = v;
  std::ofstream out(m_config);
  for (const auto& [k, v] : all)
    out << k << " = " << v << "\n";
}

void Daemon::start()
{
  require_executable(LEADHUBD_PATH, "leadhubd");
  RunOptions options;
  options.env = m_settings.env;
  options.unset_env = k_unset_env;
  m_child = std::make_unique<Child>(std::vector<std::string>{LEADHUBD_PATH, "--config", m_config}, options);
  wait_ready(30s);
}

void Daemon::wait_ready(std::chrono::milliseconds deadline)
{
  auto until = std::chrono::steady_clock::now() + deadline;
  m_port = 0;
  while (std::chrono::steady_clock::now() < until) {
    if (!m_child->alive())
      throw std::runtime_error("leadhubd exited before it was ready; its log:\n" + log());
    if (m_port == 0)
      m_port = port_from_log(log()).value_or(0);
    if (m_port != 0) {
      auto c = client();
      c->set_connection_timeout(1s);
      if (auto r = c->Get("/readyz"); r && r->status == 200)
        return;
    }
    std::this_thread::sleep_for(20ms);
  }
  throw std::runtime_error("leadhubd was not ready within the deadline; its log:\n" + log());
}

int Daemon::stop(int sig, std::chrono::milliseconds timeout)
{
  if (!m_child)
    return -2;
  m_child->signal(sig);
  return m_child->wait(static_cast<int>(timeout.count()));
}

void Daemon::kill9()
{
  if (m_child) {
    m_child->signal(SIGKILL);
    m_child->wait(10000);
  }
}

bool Daemon::running()
{
  return m_child && m_child->alive();
}

std::string Daemon::base_url() const
{
  bool tls = m_settings.keys.count("tls_cert") > 0;
  return (tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(m_port);
}

std::unique_ptr<httplib::Client> Daemon::client() const
{
  auto c = std::make_unique<httplib::Client>(base_url());
  c->enable_server_certificate_verification(false);
  c->set_connection_timeout(5s);
  c->set_read_timeout(30s);
  c->set_write_timeout(30s);
  return c;
}

std::string Daemon::log() const
{
  return m_child ? m_child->stderr_text() : std::string();
}

bool Daemon::wait_for_log(const std::string& text, std::chrono::milliseconds deadline) const
{
  auto until = std::chrono::steady_clock::now() + deadline;
  while (log().find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= until)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

RunResult Daemon::ctl(const std::vector<std::string>& args, const std::string& input) const
{
  require_executable(LEADHUBCTL_PATH, "leadhubctl");
  std::vector<std::string> argv = {LEADHUBCTL_PATH, "--db", m_db, "--config", m_config};
  argv.insert(argv.end(), args.begin(), args.end());
  RunOptions options;
  options.input = input;
  options.unset_env = k_unset_env;
  options.env["NO_COLOR"] = "1";
  return run(argv, options);
}

std::string path_of(const std::string& url)
{
  auto scheme = url.find("://");
  auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? "/" : url.substr(slash);
}

SourceInfo create_source(const Daemon& daemon, const std::string& name, const std::string& type,
                         const std::vector<std::string>& extra_args)
{
  std::vector<std::string> args = {"--json", "source", "create", "--name", name, "--type", type};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  auto r = daemon.ctl(args);
  if (r.exit_code != 0)
    throw std::runtime_error("leadhubctl source create failed (" + std::to_string(r.exit_code) + "): " + r.err);
  auto j = nlohmann::json::parse(r.out);
  SourceInfo s;
  s.id = j.at("id").get<int64_t>();
  s.name = j.at("name").get<std::string>();
  s.type = j.at("type").get<std::string>();
  if (j.at("webhook_url").is_string())
    s.webhook_path = path_of(j.at("webhook_url").get<std::string>());
  if (j.contains("form_url") && j.at("form_url").is_string())
    s.form_path = path_of(j.at("form_url").get<std::string>());
  s.token = s.webhook_path.substr(s.webhook_path.rfind('/') + 1);
  return s;
}

int64_t query_int(const std::string& db_path, const std::string& sql, const std::vector<std::string>& binds)
{
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  db.setBusyTimeout(10000);
  SQLite::Statement q(db, sql);
  for (size_t i = 0; i < binds.size(); ++i)
    q.bind(static_cast<int>(i + 1), binds[i]);
  if (!q.executeStep())
    throw std::runtime_error("query returned no row: " + sql);
  return q.getColumn(0).getInt64();
}

} // namespace leadhub::test
