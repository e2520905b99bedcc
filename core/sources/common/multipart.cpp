#include "core/sources/common/multipart.hpp"

#include "core/util/strings.hpp"

#include <optional>

namespace leadhub::sources::common {

namespace {

// One `name=value` or `name="quoted \" value"` parameter starting at `pos`; advances `pos`.
std::pair<std::string, std::string> next_parameter(std::string_view s, size_t& pos)
{
  size_t eq = s.find_first_of("=;", pos);
  std::string name = util::to_lower(util::trim(s.substr(pos, eq == std::string_view::npos ? eq : eq - pos)));
  if (eq == std::string_view::npos || s[eq] == ';') {
    pos = eq == std::string_view::npos ? s.size() : eq + 1;
    return {name, ""};
  }
  pos = eq + 1;
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t'))
    ++pos;
  std::string value;
  if (pos < s.size() && s[pos] == '"') {
    for (++pos; pos < s.size() && s[pos] != '"'; ++pos) {
      if (s[pos] == '\\' && pos + 1 < s.size())
        ++pos;
      value += s[pos];
    }
    pos = s.find(';', pos);
    pos = pos == std::string_view::npos ? s.size() : pos + 1;
  } else {
    size_t end = s.find(';', pos);
    value = util::trim(s.substr(pos, end == std::string_view::npos ? end : end - pos));
    pos = end == std::string_view::npos ? s.size() : end + 1;
  }
  return {name, value};
}

// Browsers escape these three in field and file names (HTML "multipart/form-data encoding").
std::string unescape_html_name(std::string name)
{
  for (auto [from, to] : {std::pair{"%22", "\""}, {"%0D", "\r"}, {"%0A", "\n"}}) {
    for (size_t at = name.find(from); at != std::string::npos; at = name.find(from, at + 1))
      name.replace(at, 3, to);
  }
  return name;
}

struct Delimiter {
  size_t line_start; // where the line break before the delimiter begins
  size_t end;        // just past "--boundary"
};

// The next "--boundary" at the start of a line, at or after `from`.
std::optional<Delimiter> find_delimiter(std::string_view body, std::string_view delimiter, size_t from)
{
  for (size_t at = body.find(delimiter, from); at != std::string_view::npos; at = body.find(delimiter, at + 1)) {
    if (at == 0)
      return Delimiter{0, delimiter.size()};
    if (body[at - 1] == '\n') {
      size_t line_start = at >= 2 && body[at - 2] == '\r' ? at - 2 : at - 1;
      return Delimiter{line_start, at + delimiter.size()};
    }
  }
  return std::nullopt;
}

// The header block and content of one part; nullopt when the blank line after the headers is missing.
std::optional<std::pair<std::string_view, std::string_view>> split_part(std::string_view part)
{
  if (part.starts_with("\r\n"))
    return std::pair{std::string_view(), part.substr(2)};
  if (part.starts_with("\n"))
    return std::pair{std::string_view(), part.substr(1)};
  size_t crlf = part.find("\r\n\r\n");
  size_t lf = part.find("\n\n");
  if (crlf != std::string_view::npos && (lf == std::string_view::npos || crlf < lf))
    return std::pair{part.substr(0, crlf), part.substr(crlf + 4)};
  if (lf != std::string_view::npos)
    return std::pair{part.substr(0, lf), part.substr(lf + 2)};
  return std::nullopt;
}

std::string content_disposition(std::string_view headers)
{
  for (const auto& line : util::split(headers, '\n')) {
    auto colon = line.find(':');
    if (colon != std::string::npos && util::equals_ci(util::trim(line.substr(0, colon)), "content-disposition"))
      return std::string(util::trim(std::string_view(line).substr(colon + 1)));
  }
  return {};
}

// A file part keeps only its file name, without any path a client put before it.
std::string base_name(std::string_view filename)
{
  auto slash = filename.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? filename : filename.substr(slash + 1));
}

// The parameter's value, or nullopt when the header does not have it.
std::optional<std::string> find_parameter(std::string_view header_value, std::string_view name)
{
  size_t pos = header_value.find(';');
  if (pos == std::string_view::npos)
    return std::nullopt;
  ++pos;
  std::string wanted = util::to_lower(name);
  while (pos < header_value.size()) {
    auto [key, value] = next_parameter(header_value, pos);
    if (key == wanted)
      return value;
  }
  return std::nullopt;
}

} // namespace

std::string header_parameter(std::string_view header_value, std::string_view name)
{
  return find_parameter(header_value, name).value_or("");
}

Result<Fields> decode_multipart(std::string_view body, std::string_view content_type_header)
{
  std::string boundary = header_parameter(content_type_header, "boundary");
  if (boundary.empty() || boundary.size() > 200)
    return fail(Errc::invalid, "multipart body has no usable boundary in its content type");
  std::string delimiter = "--" + boundary;
  auto current = find_delimiter(body, delimiter, 0);
  if (!current)
    return fail(Errc::invalid, "multipart body does not start with its boundary");
  Fields fields;
  while (true) {
    size_t pos = current->end;
    if (body.substr(pos, 2) == "--")
      return fields;
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t'))
      ++pos;
    if (body.substr(pos, 2) == "\r\n")
      pos += 2;
    else if (body.substr(pos, 1) == "\n")
      pos += 1;
    else
      return fail(Errc::invalid, "multipart boundary line is malformed");
    auto next = find_delimiter(body, delimiter, pos);
    if (!next)
      return fail(Errc::invalid, "multipart body ends before its closing boundary");
    auto part = split_part(body.substr(pos, next->line_start - pos));
    if (!part)
      return fail(Errc::invalid, "multipart part has no blank line after its headers");
    std::string disposition = content_disposition(part->first);
    std::string name = unescape_html_name(header_parameter(disposition, "name"));
    if (!name.empty()) {
      auto filename = find_parameter(disposition, "filename");
      std::string value = filename ? base_name(unescape_html_name(*filename)) : std::string(part->second);
      fields.emplace_back(std::move(name), std::move(value));
    }
    current = next;
  }
}

} // namespace leadhub::sources::common
