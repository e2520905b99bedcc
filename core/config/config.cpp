#include "core/config/config.hpp"

#include "core/util/strings.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <array>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace leadhub::config {

namespace {

constexpr std::array k_keys = {
    KeyInfo{"db", KeyType::path, "", "SQLite database file (default: per-user data dir, or /var/lib/leadhub/leadhub.db for root)"},
    KeyInfo{"master_key_file", KeyType::path, "", "AES-256-GCM master key file (default: master.key beside the database)"},
    KeyInfo{"public_url", KeyType::url, "http://127.0.0.1:8080", "base URL the platforms reach leadhubd at; webhook URLs start with it"},
    KeyInfo{"listen", KeyType::listen, "127.0.0.1:8080", "HOST:PORT leadhubd listens on"},
    KeyInfo{"tls_cert", KeyType::path, "", "PEM certificate chain; with tls_key, leadhubd serves HTTPS"},
    KeyInfo{"tls_key", KeyType::path, "", "PEM private key for tls_cert"},
    KeyInfo{"max_body_bytes", KeyType::integer, "1048576", "largest accepted request body; larger ones get 413"},
    KeyInfo{"http_threads", KeyType::integer, "32", "HTTP worker threads (each holds one keep-alive connection)"},
    KeyInfo{"imap_poll_seconds", KeyType::integer, "60", "how often each active email source is polled"},
    KeyInfo{"signature_max_age_seconds", KeyType::integer, "300", "oldest accepted timestamped signature; 0 turns the window off"},
    KeyInfo{"oauth_refresh_margin_seconds", KeyType::integer, "600", "refresh OAuth tokens this long before they expire"},
    KeyInfo{"log_level", KeyType::string, "info", "debug, info, warn or error"},
    KeyInfo{"log_format", KeyType::string, "text", "text or json (one JSON object per line)"},
};

constexpr std::array k_provider_keys = {
    KeyInfo{"api_base_url", KeyType::url, "", "the platform's API base URL"},
    KeyInfo{"authorization_url", KeyType::url, "", "OAuth authorization endpoint"},
    KeyInfo{"token_url", KeyType::url, "", "OAuth token endpoint"},
    KeyInfo{"device_authorization_url", KeyType::url, "", "OAuth device authorization endpoint (RFC 8628)"},
    KeyInfo{"revocation_url", KeyType::url, "", "OAuth token revocation endpoint (RFC 7009)"},
    KeyInfo{"scope", KeyType::string, "", "OAuth scopes, space separated"},
};

const KeyInfo* find_key(std::span<const KeyInfo> table, std::string_view name)
{
  for (const auto& k : table)
    if (k.name == name)
      return &k;
  return nullptr;
}

Result<void> check_value(const KeyInfo& key, const std::string& value)
{
  switch (key.type) {
  case KeyType::integer: {
    int64_t v = 0;
    auto r = std::from_chars(value.data(), value.data() + value.size(), v);
    if (r.ec != std::errc() || r.ptr != value.data() + value.size() || v < 0)
      return fail(Errc::usage, fmt::format("'{}' must be a whole number, not '{}'", key.name, value));
    return {};
  }
  case KeyType::url:
    if (!value.empty() && !value.starts_with("http://") && !value.starts_with("https://"))
      return fail(Errc::usage, fmt::format("'{}' must be an http:// or https:// URL, not '{}'", key.name, value));
    return {};
  case KeyType::listen: {
    auto colon = value.rfind(':');
    int port = 0;
    if (colon == std::string::npos
        || std::from_chars(value.data() + colon + 1, value.data() + value.size(), port).ec != std::errc()
        || port < 0 || port > 65535)
      return fail(Errc::usage, fmt::format("'{}' must be HOST:PORT, not '{}'", key.name, value));
    return {};
  }
  case KeyType::string:
    if (key.name == "log_level" && value != "debug" && value != "info" && value != "warn" && value != "error")
      return fail(Errc::usage, fmt::format("'log_level' must be debug, info, warn or error, not '{}'", value));
    if (key.name == "log_format" && value != "text" && value != "json")
      return fail(Errc::usage, fmt::format("'log_format' must be text or json, not '{}'", value));
    return {};
  case KeyType::path:
    if (key.name == "db" && value.empty())
      return fail(Errc::usage, "'db' cannot be empty", "give the database file's path, or leave the key out");
    return {};
  }
  return {};
}

std::string unquote(std::string_view v)
{
  v = util::trim(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    return std::string(v.substr(1, v.size() - 2));
  auto hash = v.find(" #");
  if (hash != std::string_view::npos)
    v = util::trim(v.substr(0, hash));
  return std::string(v);
}

} // namespace

std::span<const KeyInfo> keys() { return k_keys; }
std::span<const KeyInfo> provider_keys() { return k_provider_keys; }

std::string default_database_path()
{
  if (::geteuid() == 0)
    return "/var/lib/leadhub/leadhub.db";
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::string(xdg) + "/leadhub/leadhub.db";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/leadhub/leadhub.db";
}

Config::Config()
{
  for (const auto& k : k_keys)
    m_values[std::string(k.name)] = Value{std::string(k.default_value), "default"};
  m_values["db"].value = default_database_path();
}

Result<void> Config::set(std::string_view key, std::string value, std::string origin)
{
  const KeyInfo* info = find_key(k_keys, key);
  if (!info)
    return fail(Errc::usage, fmt::format("unknown config key '{}'", key), "see 'man leadhub.conf'");
  if (auto r = check_value(*info, value); !r)
    return r;
  m_values[std::string(key)] = Value{std::move(value), std::move(origin)};
  return {};
}

Result<void> Config::load_file(const std::string& path)
{
  std::ifstream in(path);
  if (!in)
    return fail(Errc::failure, fmt::format("cannot read config file '{}'", path));
  m_file = path;
  std::string line, section;
  for (int lineno = 1; std::getline(in, line); ++lineno) {
    auto text = util::trim(line);
    if (text.empty() || text[0] == '#' || text[0] == ';')
      continue;
    auto where = fmt::format("{}:{}", path, lineno);
    if (text.front() == '[') {
      if (text.back() != ']')
        return fail(Errc::usage, fmt::format("{}: unterminated section header", where));
      section = std::string(util::trim(text.substr(1, text.size() - 2)));
      if (!section.starts_with("provider.") || section.size() == 9)
        return fail(Errc::usage, fmt::format("{}: unknown section '[{}]'", where, section),
                    "sections are [provider.SLUG]");
      continue;
    }
    auto eq = text.find('=');
    if (eq == std::string_view::npos)
      return fail(Errc::usage, fmt::format("{}: expected 'key = value'", where));
    std::string key(util::trim(text.substr(0, eq)));
    std::string value = unquote(text.substr(eq + 1));
    if (section.empty()) {
      if (auto r = set(key, value, "file " + where); !r)
        return fail(r.error().code, where + ": " + r.error().message, r.error().hint);
    } else {
      const KeyInfo* info = find_key(k_provider_keys, key);
      if (!info)
        return fail(Errc::usage, fmt::format("{}: unknown key '{}' in [{}]", where, key, section));
      if (auto r = check_value(*info, value); !r)
        return fail(r.error().code, where + ": " + r.error().message);
      m_providers[section.substr(9)][key] = Value{value, "file " + where};
    }
  }
  return {};
}

const std::string& Config::get(std::string_view key) const
{
  static const std::string empty;
  auto it = m_values.find(std::string(key));
  return it == m_values.end() ? empty : it->second.value;
}

int64_t Config::get_int(std::string_view key) const
{
  const auto& v = get(key);
  int64_t out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

std::string Config::master_key_file() const
{
  const auto& configured = get("master_key_file");
  if (!configured.empty())
    return configured;
  auto dir = std::filesystem::path(get("db")).parent_path();
  return (dir.empty() ? std::filesystem::path("master.key") : dir / "master.key").string();
}

std::optional<std::string> config_file_to_read(const std::optional<std::string>& explicit_path)
{
  if (explicit_path)
    return explicit_path;
  if (const char* env = std::getenv("LEADHUB_CONFIG"); env && *env)
    return std::string(env);
  if (std::filesystem::exists("/etc/leadhub/leadhub.conf"))
    return std::string("/etc/leadhub/leadhub.conf");
  return std::nullopt;
}

Result<Config> load(const std::optional<std::string>& explicit_path)
{
  Config config;
  if (auto file = config_file_to_read(explicit_path)) {
    if (auto r = config.load_file(*file); !r)
      return r.error();
  }
  if (const char* db = std::getenv("LEADHUB_DB"); db && *db) {
    if (auto r = config.set("db", db, "env LEADHUB_DB"); !r)
      return r.error();
  }
  return config;
}

std::string example_config()
{
  std::string out = "# leadhub.conf: read by leadhubd and leadhubctl (see leadhub.conf(5)).\n"
                    "# Every key is optional; the values shown are the defaults.\n\n";
  for (const auto& k : k_keys) {
    out += fmt::format("# {}\n", k.help);
    out += k.default_value.empty() ? fmt::format("#{} =\n\n", k.name)
                                   : fmt::format("#{} = {}\n\n", k.name, k.default_value);
  }
  out += "# Per-platform endpoint overrides go in a [provider.SLUG] section, for example:\n"
         "#[provider.facebook]\n";
  for (const auto& k : k_provider_keys)
    out += fmt::format("# {}\n#{} =\n", k.help, k.name);
  return out;
}

} // namespace leadhub::config
