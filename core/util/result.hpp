// Result<T>: a value or an Error, shaped like std::expected, for failures the outside world causes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace leadhub {

// What kind of failure; the CLI maps it to an exit code, the daemon to an HTTP status.
enum class Errc {
  failure = 1,     // anything else (exit 1, HTTP 500)
  usage = 2,       // bad input from the user (exit 2, HTTP 400)
  not_found = 3,   // (exit 3, HTTP 404)
  conflict = 4,    // name taken, state forbids it (exit 4, HTTP 409)
  invalid,         // unparseable payload (exit 1, HTTP 400)
  unauthorized,    // bad signature or credentials (exit 1, HTTP 401)
  unavailable,     // storage or network temporarily unavailable (exit 1, HTTP 503)
};

struct Error {
  Errc code = Errc::failure;
  std::string message; // lowercase, no trailing period, the object quoted, the cause last
  std::string hint;    // optional: what to try
};

inline Error make_error(Errc code, std::string message, std::string hint = {})
{
  return Error{code, std::move(message), std::move(hint)};
}

// Wraps an Error so that `return fail(...)` converts to any Result<T>.
struct Unexpected {
  Error error;
};
inline Unexpected fail(Errc code, std::string message, std::string hint = {})
{
  return Unexpected{make_error(code, std::move(message), std::move(hint))};
}
inline Unexpected fail(Error error) { return Unexpected{std::move(error)}; }

template <class T> class [[nodiscard]] Result {
public:
  Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
  Result(Unexpected u) : m_v(std::in_place_index<1>, std::move(u.error)) {}
  Result(Error e) : m_v(std::in_place_index<1>, std::move(e)) {}

  bool has_value() const { return m_v.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(m_v); }
  const T& value() const& { return std::get<0>(m_v); }
  T&& value() && { return std::get<0>(std::move(m_v)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(m_v); }

private:
  std::variant<T, Error> m_v;
};

template <> class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Unexpected u) : m_error(std::move(u.error)) {}
  Result(Error e) : m_error(std::move(e)) {}

  bool has_value() const { return !m_error; }
  explicit operator bool() const { return has_value(); }
  const Error& error() const { return *m_error; }

private:
  std::optional<Error> m_error;
};

} // namespace leadhub
