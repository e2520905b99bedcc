// The configuration: one table of keys (type, default, help); defaults < file < environment < flags.
#pragma once

#include "core/util/result.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace leadhub::config {

enum class KeyType { string, integer, path, url, listen };

struct KeyInfo {
  std::string_view name;
  KeyType type;
  std::string_view default_value; // empty: no default (or computed, see Config)
  std::string_view help;
};

// Every top-level key, in the order the example config and the man page show them.
std::span<const KeyInfo> keys();
// Keys allowed under a `[provider.SLUG]` section.
std::span<const KeyInfo> provider_keys();

struct Value {
  std::string value;
  std::string origin; // "default", "file /etc/leadhub/leadhub.conf:3", "env LEADHUB_DB", "flag --db"
};

class Config {
public:
  // Defaults only, with the database path computed for this user.
  Config();

  // Reads `path` (key = value lines, [section] headers, # comments); fails with the line number
  // on a syntax error, an unknown key or a value of the wrong type.
  Result<void> load_file(const std::string& path);
  // Validates and sets one key; `origin` says where it came from.
  Result<void> set(std::string_view key, std::string value, std::string origin);

  const std::string& get(std::string_view key) const;
  int64_t get_int(std::string_view key) const;
  const std::map<std::string, Value>& values() const { return m_values; }
  // provider slug -> key -> value, from [provider.SLUG] sections.
  const std::map<std::string, std::map<std::string, Value>>& providers() const { return m_providers; }
  // The master key file: configured, else master.key beside the database.
  std::string master_key_file() const;
  std::optional<std::string> loaded_file() const { return m_file; }

private:
  std::map<std::string, Value> m_values;
  std::map<std::string, std::map<std::string, Value>> m_providers;
  std::optional<std::string> m_file;
};

// $XDG_DATA_HOME/leadhub/leadhub.db, ~/.local/share/leadhub/leadhub.db, or for root
// /var/lib/leadhub/leadhub.db.
std::string default_database_path();
// The config file to read: an explicit one, else $LEADHUB_CONFIG, else /etc/leadhub/leadhub.conf
// when it exists; nullopt when none.
std::optional<std::string> config_file_to_read(const std::optional<std::string>& explicit_path);

// Loads defaults, then the file, then LEADHUB_DB from the environment.
Result<Config> load(const std::optional<std::string>& explicit_path);

// The example config file text, generated from the key table.
std::string example_config();

} // namespace leadhub::config
