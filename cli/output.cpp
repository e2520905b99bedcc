#include "cli/output.hpp"

#include "core/util/strings.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ostream>

namespace leadhub::cli {

namespace {

using Json = nlohmann::ordered_json;

constexpr size_t k_max_cell_width = 80; // list tables only; `show` prints values whole
constexpr std::string_view k_bold = "\033[1m", k_plain = "\033[0m";

std::string scalar_text(const Json& v)
{
  if (v.is_null())
    return "";
  if (v.is_string())
    return v.get<std::string>();
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Display width in terminal columns, counting each UTF-8 code point as one.
size_t width(std::string_view s)
{
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// One line, at most `max` columns: newlines and tabs become spaces, a long value ends in "…".
std::string table_cell(const Json& v, size_t max)
{
  if (v.is_null())
    return "-";
  if (v.is_boolean())
    return v.get<bool>() ? "yes" : "no";
  std::string text = cell_text(v);
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  if (max == 0 || width(text) <= max)
    return text;
  size_t cols = 0, i = 0;
  for (; i < text.size() && cols < max - 1; ++i)
    if ((text[i] & 0xC0) != 0x80)
      ++cols;
  while (i < text.size() && (text[i] & 0xC0) == 0x80)
    ++i;
  return text.substr(0, i) + "…";
}

std::string header_text(std::string_view key)
{
  std::string out(key);
  for (auto& c : out)
    c = c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

void pad(std::ostream& out, std::string_view text, size_t to)
{
  out << text;
  for (size_t n = width(text); n < to; ++n)
    out << ' ';
}

void csv_line(std::ostream& out, const std::vector<std::string>& fields)
{
  for (size_t i = 0; i < fields.size(); ++i)
    out << (i ? "," : "") << csv_field(fields[i]);
  out << "\r\n";
}

const Json& value_of(const Row& row, const std::string& key)
{
  static const Json null;
  auto it = row.find(key);
  return it == row.end() ? null : *it;
}

void append_string(std::string& out, const std::string& s)
{
  if (!util::is_utf8(s)) { // rare: let nlohmann replace the invalid bytes
    out += Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
    return;
  }
  out += '"';
  size_t from = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    out.append(s, from, i - from);
    from = i + 1;
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      out += fmt::format("\\u{:04x}", c);
    }
  }
  out.append(s, from, std::string::npos);
  out += '"';
}

// Appends `v` as nlohmann's dump(2) would write it. A list of ten thousand rows spends most of
// its time here, and the library's per-character escaping was the slow part.
void append_json(std::string& out, const Json& v, size_t indent)
{
  if (v.is_object() || v.is_array()) {
    bool object = v.is_object();
    if (v.empty()) {
      out += object ? "{}" : "[]";
      return;
    }
    out += object ? '{' : '[';
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      out += first ? "\n" : ",\n";
      first = false;
      out.append(indent + 2, ' ');
      if (object) {
        append_string(out, it.key());
        out += ": ";
      }
      append_json(out, *it, indent + 2);
    }
    out += '\n';
    out.append(indent, ' ');
    out += object ? '}' : ']';
  } else if (v.is_string()) {
    append_string(out, v.get_ref<const std::string&>());
  } else if (v.is_number_integer()) {
    out += std::to_string(v.get<int64_t>());
  } else {
    out += v.dump();
  }
}

void print_json(std::ostream& out, const Json& doc)
{
  std::string text;
  append_json(text, doc, 0);
  out << text << '\n';
}

} // namespace

std::string cell_text(const Json& value)
{
  if (value.is_array()) {
    std::string out;
    for (const auto& v : value) {
      if (!out.empty())
        out += ", ";
      if (v.is_object()) {
        std::string joined;
        for (const auto& [k, inner] : v.items())
          joined += (joined.empty() ? "" : ":") + scalar_text(inner);
        out += joined;
      } else {
        out += scalar_text(v);
      }
    }
    return out;
  }
  if (value.is_object()) {
    std::string out;
    for (const auto& [k, v] : value.items())
      out += (out.empty() ? "" : ", ") + k + "=" + scalar_text(v);
    return out;
  }
  return scalar_text(value);
}

std::string csv_field(std::string_view text)
{
  if (text.find_first_of(",\"\r\n") == std::string_view::npos)
    return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"')
      out += '"';
    out += c;
  }
  return out + '"';
}

bool stdout_wants_color()
{
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) && !(no_color && *no_color) && !(term && std::string_view(term) == "dumb");
}

Output::Output(Format format, std::ostream& out, bool color) : m_format(format), m_out(out), m_color(color) {}

ListPrinter Output::begin_list(Keys keys, Keys table_keys)
{
  return ListPrinter(*this, std::move(keys), std::move(table_keys));
}

void Output::list(const Keys& keys, const std::vector<Row>& rows, const Keys& table_keys)
{
  auto printer = begin_list(keys, table_keys);
  for (const auto& row : rows)
    printer.add(row);
}

ListPrinter::ListPrinter(Output& out, Keys keys, Keys table_keys)
    : m_output(out), m_keys(std::move(keys)), m_table_keys(table_keys.empty() ? m_keys : std::move(table_keys))
{
  if (out.m_format == Format::csv)
    csv_line(out.m_out, m_keys);
}

ListPrinter::~ListPrinter()
{
  finish();
}

void ListPrinter::add(const Row& row)
{
  auto& out = m_output.m_out;
  switch (m_output.m_format) {
  case Format::json: {
    m_buffer = m_count ? ",\n  " : "[\n  ";
    append_json(m_buffer, row, 2);
    out << m_buffer;
    break;
  }
  case Format::csv: {
    std::vector<std::string> fields(m_keys.size());
    for (size_t i = 0; i < m_keys.size(); ++i) {
      const auto& v = value_of(row, m_keys[i]);
      fields[i] = v.is_boolean() ? (v.get<bool>() ? "true" : "false") : cell_text(v);
    }
    csv_line(out, fields);
    break;
  }
  case Format::table: {
    auto& line = m_cells.emplace_back();
    for (const auto& key : m_table_keys)
      line.push_back(table_cell(value_of(row, key), k_max_cell_width));
    break;
  }
  }
  ++m_count;
}

void ListPrinter::finish()
{
  if (m_finished)
    return;
  m_finished = true;
  auto& out = m_output.m_out;
  if (m_output.m_format == Format::json) {
    out << (m_count ? "\n]\n" : "[]\n");
    return;
  }
  if (m_output.m_format != Format::table)
    return;
  std::vector<std::string> header;
  for (const auto& key : m_table_keys)
    header.push_back(header_text(key));
  std::vector<size_t> widths;
  for (const auto& h : header)
    widths.push_back(width(h));
  for (const auto& line : m_cells)
    for (size_t i = 0; i < line.size(); ++i)
      widths[i] = std::max(widths[i], width(line[i]));
  auto print_line = [&](const std::vector<std::string>& line, bool bold) {
    if (bold)
      out << k_bold;
    for (size_t i = 0; i < line.size(); ++i) {
      if (i + 1 == line.size())
        out << line[i];
      else
        pad(out, line[i], widths[i] + 2);
    }
    if (bold)
      out << k_plain;
    out << '\n';
  };
  print_line(header, m_output.m_color);
  for (const auto& line : m_cells)
    print_line(line, false);
}

void Output::item(const Row& row)
{
  if (m_format == Format::json) {
    print_json(m_out, row);
    return;
  }
  if (m_format == Format::csv) {
    Keys keys;
    for (const auto& [k, v] : row.items())
      keys.push_back(k);
    list(keys, {row});
    return;
  }
  size_t key_width = 0;
  for (const auto& [k, v] : row.items())
    key_width = std::max(key_width, width(k));
  for (const auto& [k, v] : row.items()) {
    if (m_color)
      m_out << k_bold;
    pad(m_out, k, key_width + 2);
    if (m_color)
      m_out << k_plain;
    m_out << table_cell(v, 0) << '\n';
  }
}

void Output::note(std::string_view text)
{
  if (m_format == Format::table)
    m_out << text << '\n';
}

void Output::changed(std::string_view text, const Row& row)
{
  if (m_format == Format::table)
    note(text);
  else
    item(row);
}

} // namespace leadhub::cli
