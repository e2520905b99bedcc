// Rendering rows for people (aligned table) and scripts (JSON, RFC 4180 CSV) from the same data.
#pragma once

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace leadhub::cli {

enum class Format { table, json, csv };

// One record: keys in output order with JSON values. The same rows feed all three formats.
using Row = nlohmann::ordered_json;
using Keys = std::vector<std::string>;

class Output;

// A list being printed: JSON and CSV rows go out as they are added, so that a long list never
// sits in memory twice; a table is laid out and printed by finish(), which the destructor calls.
class ListPrinter {
public:
  ~ListPrinter();
  ListPrinter(const ListPrinter&) = delete;
  ListPrinter& operator=(const ListPrinter&) = delete;

  void add(const Row& row);
  void finish();

private:
  friend class Output;
  ListPrinter(Output& out, Keys keys, Keys table_keys);

  Output& m_output;
  Keys m_keys, m_table_keys;
  size_t m_count = 0;
  bool m_finished = false;
  std::vector<std::vector<std::string>> m_cells; // table format only
  std::string m_buffer;                          // JSON format: the row being written
};

class Output {
public:
  // `color`: bold table headers (only when stdout is a terminal and NO_COLOR is unset).
  Output(Format format, std::ostream& out, bool color);

  Format format() const { return m_format; }

  // A list: a JSON array, CSV with a header row of `keys` (also when empty), or a table of
  // `table_keys` (default: all `keys`) with one line per row.
  void list(const Keys& keys, const std::vector<Row>& rows, const Keys& table_keys = {});
  // The same, row by row, for long lists.
  ListPrinter begin_list(Keys keys, Keys table_keys = {});
  // One item: a JSON object, CSV with a header row and one row, or a `key  value` table.
  void item(const Row& row);
  // A line for people (a confirmation such as "deleted source 'x'"); printed in table format only.
  void note(std::string_view text);
  // After a change with nothing else to show (delete, unset, set a secret): `note` in table
  // format, else the item (as it was, for a delete).
  void changed(std::string_view note, const Row& row);

private:
  friend class ListPrinter;
  Format m_format;
  std::ostream& m_out;
  bool m_color;
};

// How a value reads in a table or CSV cell: null as empty, arrays joined with ", ", objects as
// `key=value` pairs, an object inside an array as its values joined with ':'.
std::string cell_text(const nlohmann::ordered_json& value);
// One RFC 4180 field: quoted when it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view text);

// Whether stdout should get colour: a terminal, NO_COLOR unset, TERM not "dumb".
bool stdout_wants_color();

} // namespace leadhub::cli
