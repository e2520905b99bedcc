// Keeps the shipped documentation in step with the code: the example config, the config keys in
// leadhub.conf(5), and the leadhubctl commands and flags of DESIGN.md in leadhubctl(1).
#include "core/config/config.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path k_share_dir = LEADHUB_SOURCE_SHARE_DIR;
const fs::path k_man_dir = fs::path(LEADHUB_SOURCE_SHARE_DIR).parent_path() / "man";

std::string read_file(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Roff escapes reduced to the plain text a reader sees.
std::string unescape(const std::string& s)
{
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    if (c == '"')
      break; // comment to end of line
    if (c == '-' || c == ' ' || c == '.')
      out += c;
    else if (c == 'e')
      out += '\\';
    else if (c == 'f') { // font change: \fB, \f(CW, \f[CR]
      char next = i + 1 < s.size() ? s[i + 1] : '\0';
      i = next == '(' ? i + 3 : next == '[' ? std::min(s.find(']', i), s.size()) : i + 1;
    } else if (c == '(') { // two-letter glyph such as \(em
      out += ' ';
      i += 2;
    }
    // \& \c and the like print nothing
  }
  return out;
}

// A macro line's arguments, with roff's double quotes.
std::vector<std::string> macro_args(const std::string& line)
{
  std::vector<std::string> args;
  size_t i = line.find_first_of(" \t");
  while (i != std::string::npos && i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
      ++i;
    if (i >= line.size())
      break;
    std::string arg;
    if (line[i] == '"') {
      for (++i; i < line.size(); ++i) {
        if (line[i] == '"' && i + 1 < line.size() && line[i + 1] == '"')
          arg += line[++i];
        else if (line[i] == '"') {
          ++i;
          break;
        } else
          arg += line[i];
      }
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t')
        arg += line[i++];
    }
    args.push_back(arg);
  }
  return args;
}

struct Item {
  std::string section; // the .SH heading it stands under
  std::string tag;     // the .TP/.TQ tag, as printed
  std::string body;
};

// The tagged paragraphs (.TP/.TQ) of a man page, in order, with the text they print.
std::vector<Item> man_items(const std::string& source)
{
  static const std::set<std::string> k_alternating = {"BI", "BR", "IB", "IR", "RB", "RI"};
  static const std::set<std::string> k_ends_item = {"TP", "TQ", "SH", "SS", "PP", "P", "LP"};
  std::vector<Item> items;
  std::string section;
  bool want_tag = false;
  bool in_item = false;
  std::istringstream in(source);
  for (std::string line; std::getline(in, line);) {
    std::string text = line;
    if (!line.empty() && (line[0] == '.' || line[0] == '\'')) {
      if (line.starts_with(".\\\""))
        continue;
      std::string name = line.substr(1, line.find_first_of(" \t") - 1);
      auto args = macro_args(line);
      std::string joined;
      for (size_t i = 0; i < args.size(); ++i)
        joined += (i && !k_alternating.contains(name) ? " " : "") + args[i];
      if (name == "SH")
        section = unescape(joined);
      if (k_ends_item.contains(name)) {
        in_item = false;
        want_tag = name == "TP" || name == "TQ";
        continue;
      }
      if (name != "B" && name != "I" && !k_alternating.contains(name))
        continue; // layout macros print nothing we check
      text = joined;
    }
    text = unescape(text);
    if (want_tag) {
      items.push_back({section, text, ""});
      want_tag = false;
      in_item = true;
    } else if (in_item) {
      items.back().body += text + " ";
    }
  }
  return items;
}

std::vector<Item> items_in(const std::vector<Item>& items, const std::string& section)
{
  std::vector<Item> out;
  for (const auto& item : items)
    if (item.section == section)
      out.push_back(item);
  return out;
}

// The words of a synopsis: "[--pipeline P]" gives "--pipeline" and "P".
std::set<std::string> words(const std::string& text)
{
  std::set<std::string> out;
  std::string word;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')
      word += c;
    else if (!word.empty())
      out.insert(std::exchange(word, ""));
  }
  return out;
}

TEST(DocsSync, ExampleConfigIsGeneratedFromTheKeyTable)
{
  const auto path = k_share_dir / "leadhub.conf.example";
  const auto expected = leadhub::config::example_config();
  if (const char* update = std::getenv("LEADHUB_UPDATE_DOCS"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << expected;
  }
  EXPECT_EQ(read_file(path), expected) << path
                                       << " is out of date; rewrite it with: LEADHUB_UPDATE_DOCS=1 leadhub_unit_tests "
                                       << "--gtest_filter=DocsSync.ExampleConfigIsGeneratedFromTheKeyTable";
}

TEST(DocsSync, ConfigManPageDocumentsEveryKeyAndItsDefault)
{
  const auto items = man_items(read_file(k_man_dir / "leadhub.conf.5"));
  auto check = [&](std::span<const leadhub::config::KeyInfo> keys, const std::string& section) {
    std::set<std::string> documented;
    for (const auto& item : items_in(items, section))
      documented.insert(item.tag);
    std::set<std::string> known;
    for (const auto& key : keys) {
      known.insert(std::string(key.name));
      auto it = std::find_if(items.begin(), items.end(),
                             [&](const Item& i) { return i.section == section && i.tag == key.name; });
      if (it == items.end()) {
        ADD_FAILURE() << "leadhub.conf.5 has no '" << key.name << "' item under " << section;
        continue;
      }
      if (!key.default_value.empty()) {
        EXPECT_NE(it->body.find(std::string(key.default_value)), std::string::npos)
            << "leadhub.conf.5 does not give '" << key.name << "' its default " << key.default_value;
      }
    }
    for (const auto& tag : documented)
      EXPECT_TRUE(known.contains(tag)) << "leadhub.conf.5 documents '" << tag << "', which is no key";
  };
  check(leadhub::config::keys(), "KEYS");
  check(leadhub::config::provider_keys(), "PROVIDER SECTIONS");
}

struct CommandDoc {
  std::string command;
  std::vector<std::string> words; // flags and fixed words its synopsis must show
};

// Every command of DESIGN.md's leadhubctl section, with its flags.
const std::vector<CommandDoc> k_design_commands = {
    {"init", {}},
    {"tenant create", {"--name"}},
    {"tenant list", {}},
    {"tenant delete", {"--yes"}},
    {"pipeline create", {"--stages"}},
    {"pipeline list", {}},
    {"pipeline show", {}},
    {"pipeline delete", {}},
    {"field create", {"--label", "--type", "text", "number", "date", "bool"}},
    {"field list", {}},
    {"field delete", {}},
    {"source types", {}},
    {"source create", {"--name", "--type", "--inactive", "--pipeline", "--stage"}},
    {"source list", {"--type", "--active", "--inactive"}},
    {"source show", {}},
    {"source edit", {"--name", "--pipeline", "--stage", "--no-pipeline"}},
    {"source activate", {}},
    {"source deactivate", {}},
    {"source delete", {"--yes"}},
    {"source url", {}},
    {"source rotate-token", {}},
    {"source credential set", {"--from-file"}},
    {"source credential list", {}},
    {"source credential unset", {}},
    {"source map set", {}},
    {"source map unset", {}},
    {"source map list", {}},
    {"source test", {"--payload"}},
    {"oauth app set", {"--client-id"}},
    {"oauth app list", {}},
    {"oauth connect", {"--device", "--browser", "--no-open", "--port", "--timeout"}},
    {"oauth status", {}},
    {"oauth refresh", {}},
    {"oauth disconnect", {}},
    {"lead list", {"--source", "--since", "--until", "--limit"}},
    {"lead show", {}},
    {"lead move", {"--stage", "--pipeline"}},
    {"events list", {"--source", "--outcome", "--limit"}},
    {"events show", {}},
    {"events replay", {}},
    {"report sources", {"--from", "--to"}},
    {"report timeline", {"--interval", "day", "week", "month", "--from", "--to", "--source", "--chart"}},
    {"db backup", {}},
    {"db check", {}},
    {"config check", {}},
    {"config show", {}},
    {"completion", {"bash", "zsh", "fish"}},
};

TEST(DocsSync, CtlManPageDocumentsEveryCommandAndFlag)
{
  const auto commands = items_in(man_items(read_file(k_man_dir / "leadhubctl.1")), "COMMANDS");
  for (const auto& doc : k_design_commands) {
    auto it = std::find_if(commands.begin(), commands.end(),
                           [&](const Item& i) { return i.tag == doc.command || i.tag.starts_with(doc.command + " "); });
    if (it == commands.end()) {
      ADD_FAILURE() << "leadhubctl.1 has no item for 'leadhubctl " << doc.command << "' under COMMANDS";
      continue;
    }
    const auto shown = words(it->tag);
    for (const auto& word : doc.words)
      EXPECT_TRUE(shown.contains(word)) << "leadhubctl.1: 'leadhubctl " << doc.command << "' lacks " << word;
  }
}

TEST(DocsSync, CtlManPageDocumentsGlobalOptionsEnvironmentAndExitCodes)
{
  const auto items = man_items(read_file(k_man_dir / "leadhubctl.1"));
  auto has = [&](const std::string& section, const std::string& tag_start) {
    return std::any_of(items.begin(), items.end(), [&](const Item& i) {
      return i.section == section && (i.tag == tag_start || i.tag.starts_with(tag_start + " "));
    });
  };
  for (const char* option : {"--db", "--config", "--tenant", "--format", "--json"})
    EXPECT_TRUE(has("GLOBAL OPTIONS", option)) << "leadhubctl.1 lacks global option " << option;
  for (const char* var : {"LEADHUB_DB", "LEADHUB_CONFIG", "LEADHUB_TENANT", "NO_COLOR"})
    EXPECT_TRUE(has("ENVIRONMENT", var)) << "leadhubctl.1 lacks environment variable " << var;
  for (const char* code : {"0", "1", "2", "3", "4"})
    EXPECT_TRUE(has("EXIT STATUS", code)) << "leadhubctl.1 lacks exit status " << code;
}

} // namespace
