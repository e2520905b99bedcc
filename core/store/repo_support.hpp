// What the repositories share: write transactions that turn UNIQUE violations into conflicts,
// and small column and binding helpers. Internal to core/store.
#pragma once

#include "core/util/result.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace leadhub::store::detail {

// Runs `fn` in one IMMEDIATE transaction. An error `fn` returns rolls the transaction back and is
// returned; a UNIQUE or PRIMARY KEY violation becomes Errc::conflict with `conflict_message`;
// any other database fault is thrown as StoreError prefixed with `context`.
Result<void> write(SQLite::Database& db, const std::string& context, const std::string& conflict_message,
                   const std::function<Result<void>()>& fn);

// Throws `e` as StoreError prefixed with `context`, keeping its kind.
[[noreturn]] void rethrow(const std::exception& e, const std::string& context);

// Runs a read; database faults are thrown as StoreError prefixed with `context`.
template <class F> auto read(const std::string& context, F&& fn) -> decltype(fn())
{
  try {
    return fn();
  } catch (const std::exception& e) {
    rethrow(e, context);
  }
}

std::optional<int64_t> optional_int(const SQLite::Column& column);
std::optional<std::string> optional_text(const SQLite::Column& column);
std::string blob(const SQLite::Column& column);
void bind_blob(SQLite::Statement& statement, int index, std::string_view bytes);
void bind_optional(SQLite::Statement& statement, int index, const std::optional<int64_t>& value);

// Whether `text` is a non-empty run of decimal digits (an id rather than a name).
bool is_number(std::string_view text);

} // namespace leadhub::store::detail
