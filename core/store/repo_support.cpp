#include "core/store/repo_support.hpp"

#include "core/store/database.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <algorithm>

namespace leadhub::store::detail {

namespace {

// Carries an Error out of the transaction so that it rolls back.
struct Abort {
  Error error;
};

bool is_unique_violation(const SQLite::Exception& e)
{
  int code = e.getExtendedErrorCode();
  return code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY;
}

} // namespace

void rethrow(const std::exception& e, const std::string& context)
{
  rethrow_store_error(e, context);
}

Result<void> write(SQLite::Database& db, const std::string& context, const std::string& conflict_message,
                   const std::function<Result<void>()>& fn)
{
  try {
    with_write_transaction(db, [&] {
      if (auto r = fn(); !r)
        throw Abort{r.error()};
    });
    return {};
  } catch (const Abort& a) {
    return a.error;
  } catch (const SQLite::Exception& e) {
    if (is_unique_violation(e) && !conflict_message.empty())
      return fail(Errc::conflict, conflict_message);
    rethrow_store_error(e, context);
  } catch (const std::exception& e) {
    rethrow_store_error(e, context);
  }
}

std::optional<int64_t> optional_int(const SQLite::Column& column)
{
  return column.isNull() ? std::nullopt : std::optional<int64_t>(column.getInt64());
}

std::optional<std::string> optional_text(const SQLite::Column& column)
{
  return column.isNull() ? std::nullopt : std::optional<std::string>(column.getString());
}

std::string blob(const SQLite::Column& column)
{
  return std::string(static_cast<const char*>(column.getBlob()), static_cast<size_t>(column.getBytes()));
}

void bind_blob(SQLite::Statement& statement, int index, std::string_view bytes)
{
  statement.bind(index, bytes.data(), static_cast<int>(bytes.size()));
}

void bind_optional(SQLite::Statement& statement, int index, const std::optional<int64_t>& value)
{
  if (value)
    statement.bind(index, *value);
  else
    statement.bind(index);
}

bool is_number(std::string_view text)
{
  return !text.empty() && text.size() <= 18 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace leadhub::store::detail
