// The nlohmann flatteners: a DOM one and a SAX one. The SAX one is the reference that the simdjson
// fast path (json_fast.cpp) must match byte for byte, and the fallback for whatever it declines.
#include "core/sources/common/json_fields.hpp"

#include "core/sources/common/json_fast.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace leadhub::sources::common {

namespace {

// The deepest nesting of arrays and objects, counted outside strings; stops early past `limit`.
int nesting_depth(std::string_view text, int limit)
{
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size() && deepest <= limit; ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

bool too_deep(std::string_view body)
{
  return nesting_depth(body, k_max_json_depth) > k_max_json_depth;
}

Error too_deep_error()
{
  return make_error(Errc::invalid, "JSON body nests deeper than " + std::to_string(k_max_json_depth) + " levels");
}

// nlohmann's text names the byte and the cause, e.g. "syntax error while parsing value - …".
Error malformed_error(const std::string& what)
{
  auto detail = what.find("] ");
  return make_error(Errc::invalid,
                    "JSON body is malformed: " + what.substr(detail == std::string::npos ? 0 : detail + 2));
}

Error not_an_object_error(const char* type_name)
{
  return make_error(Errc::invalid, std::string("JSON body must be an object (got ") + type_name + ")");
}

bool is_scalar(const Json& value) { return !value.is_structured() && !value.is_null(); }

void flatten_into(const Json& value, const std::string& path, Fields& out)
{
  auto child = [&](const std::string& key) { return path.empty() ? key : path + "." + key; };
  if (value.is_object()) {
    for (const auto& [key, member] : value.items())
      flatten_into(member, child(key), out);
  } else if (value.is_array()) {
    if (!value.empty() && std::all_of(value.begin(), value.end(), is_scalar)) {
      std::string joined;
      for (const auto& element : value)
        joined += (joined.empty() ? "" : ", ") + json_text(element);
      out.emplace_back(path, joined);
      return;
    }
    for (size_t i = 0; i < value.size(); ++i)
      flatten_into(value[i], child(std::to_string(i)), out);
  } else if (!value.is_null()) {
    out.emplace_back(path, json_text(value));
  }
}

// Builds what flatten_into would from the parser's SAX events, without a DOM. One path string
// grows and shrinks with the nesting. An array's scalars wait in one buffer until the array ends,
// since only then is it known whether they join into one value; a non-scalar element spills them
// as indexed fields. A repeated key replaces the earlier value's fields in place, as ordered_json
// does (its operator[] keeps the first position, the last value wins).
class FlattenSax {
public:
  explicit FlattenSax(Fields& out) : m_out(out)
  {
    // Enough for a typical delivery's form, so that these rarely grow.
    m_path.reserve(64);
    m_frames.reserve(8);
    m_keys.reserve(32);
    m_key_text.reserve(512);
  }

  // The type of a top level that is not an object, or null.
  const char* top_level_type() const { return m_top_level_type; }
  // Whether parsing stopped at a container nested deeper than k_max_json_depth.
  bool too_deep() const { return m_too_deep; }
  const std::string& error() const { return m_error; }

  bool null()
  {
    if (enter("null") && m_frames.back().array) {
      Frame& array = m_frames.back();
      stop_joining(array);
      ++array.count;
    }
    return true;
  }
  bool boolean(bool value) { return scalar(value ? "true" : "false", "boolean"); }
  bool number_integer(Json::number_integer_t value) { return integer(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return integer(value); }
  bool number_float(Json::number_float_t value, const Json::string_t& /*raw*/)
  {
    // Rare enough to format through json_text, so the shortest form is nlohmann's own.
    return scalar(json_text(Json(value)), "number");
  }
  bool string(Json::string_t& value) { return scalar(value, "string"); }
  bool binary(Json::binary_t& /*value*/) { return true; } // JSON text has no binary values

  bool start_object(std::size_t /*size*/) { return start(false); }
  bool start_array(std::size_t /*size*/) { return start(true); }
  bool key(Json::string_t& name);
  bool end_object() { return end(); }
  bool end_array() { return end(); }

  bool parse_error(std::size_t /*position*/, const std::string& /*token*/, const Json::exception& e)
  {
    m_error = e.what();
    return false;
  }

private:
  static constexpr size_t k_none = static_cast<size_t>(-1);

  struct Frame {
    size_t path_size; // length of this container's own path
    bool array;
    bool joining = false;        // array: every element so far is a scalar, buffered in m_joined
    size_t count = 0;            // array: elements so far
    size_t first_key = 0;        // object: its first entry in m_keys
    size_t key_text_size = 0;    // object: m_key_text's size when it began
    size_t replacing = k_none;   // object: the m_keys entry a repeated key is replacing
    size_t replacement_from = 0; // object: where in m_out the replacing value's fields begin
  };
  struct Key {
    size_t text_offset; // in m_key_text
    size_t size;
    size_t first_field; // in m_out
  };

  // False when the value is to be ignored: a top level that is not an object, and all inside it.
  bool enter(const char* type_name)
  {
    if (m_top_level_type)
      return false;
    if (m_frames.empty() && type_name != std::string_view("object")) {
      m_top_level_type = type_name;
      return false;
    }
    return true;
  }

  template <class Integer> bool integer(Integer value)
  {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    return scalar(std::string_view(digits, end - digits), "number");
  }

  bool scalar(std::string_view text, const char* type_name);
  bool start(bool array);
  bool end();
  void stop_joining(Frame& array);
  void set_element_path(const Frame& array, size_t index);
  void finish_replacement(Frame& object);

  Fields& m_out;
  std::string m_path;
  std::vector<Frame> m_frames;
  std::vector<Key> m_keys; // the keys of every open object, outermost first
  std::string m_key_text;
  // The innermost array's scalars so far, joined with ", ", and where each of them is in it.
  std::string m_joined;
  std::vector<std::pair<size_t, size_t>> m_joined_spans;
  const char* m_top_level_type = nullptr;
  int m_depth = 0; // counts the containers of a skipped top level too
  bool m_too_deep = false;
  std::string m_error;
};

bool FlattenSax::scalar(std::string_view text, const char* type_name)
{
  if (!enter(type_name))
    return true;
  Frame& frame = m_frames.back();
  if (!frame.array) {
    m_out.emplace_back(m_path, text); // key() has set the path
    return true;
  }
  if (frame.joining) {
    if (!m_joined.empty()) // as flatten_into: leading empty strings take no separator
      m_joined += ", ";
    size_t from = m_joined.size();
    m_joined += text;
    m_joined_spans.emplace_back(from, m_joined.size());
  } else {
    set_element_path(frame, frame.count);
    m_out.emplace_back(m_path, text);
  }
  ++frame.count;
  return true;
}

bool FlattenSax::start(bool array)
{
  if (++m_depth > k_max_json_depth) {
    m_too_deep = true;
    return false;
  }
  if (!enter(array ? "array" : "object"))
    return true;
  if (!m_frames.empty() && m_frames.back().array) {
    Frame& parent = m_frames.back();
    stop_joining(parent);
    set_element_path(parent, parent.count++);
  }
  m_frames.push_back(Frame{.path_size = m_path.size(),
                           .array = array,
                           .joining = array,
                           .first_key = m_keys.size(),
                           .key_text_size = m_key_text.size()});
  return true;
}

bool FlattenSax::key(Json::string_t& name)
{
  if (m_top_level_type)
    return true;
  Frame& object = m_frames.back();
  finish_replacement(object);
  m_path.resize(object.path_size);
  if (!m_path.empty())
    m_path += '.';
  m_path += name;
  // A linear search, as ordered_map's own: objects in deliveries have tens of keys.
  for (size_t i = object.first_key; i < m_keys.size(); ++i) {
    const Key& seen = m_keys[i];
    if (seen.size == name.size() && std::memcmp(m_key_text.data() + seen.text_offset, name.data(), seen.size) == 0) {
      object.replacing = i;
      object.replacement_from = m_out.size();
      return true;
    }
  }
  m_keys.push_back(Key{m_key_text.size(), name.size(), m_out.size()});
  m_key_text += name;
  return true;
}

bool FlattenSax::end()
{
  --m_depth;
  if (m_top_level_type)
    return true;
  Frame& frame = m_frames.back();
  if (!frame.array) {
    finish_replacement(frame);
    m_keys.resize(frame.first_key);
    m_key_text.resize(frame.key_text_size);
  } else {
    if (frame.joining && frame.count > 0) {
      m_path.resize(frame.path_size);
      m_out.emplace_back(m_path, m_joined);
    }
    m_joined.clear();
    m_joined_spans.clear();
  }
  m_frames.pop_back();
  return true;
}

// A non-scalar element: the scalars buffered so far become indexed fields after all.
void FlattenSax::stop_joining(Frame& array)
{
  if (!array.joining)
    return;
  array.joining = false;
  for (size_t i = 0; i < m_joined_spans.size(); ++i) {
    auto [from, to] = m_joined_spans[i];
    set_element_path(array, i);
    m_out.emplace_back(m_path, std::string_view(m_joined).substr(from, to - from));
  }
  m_joined.clear();
  m_joined_spans.clear();
}

void FlattenSax::set_element_path(const Frame& array, size_t index)
{
  m_path.resize(array.path_size);
  if (!m_path.empty())
    m_path += '.';
  char digits[24];
  m_path.append(digits, std::to_chars(digits, digits + sizeof digits, index).ptr);
}

// Once a repeated key's value has ended: its fields take the place of the earlier value's.
void FlattenSax::finish_replacement(Frame& object)
{
  if (object.replacing == k_none)
    return;
  size_t first = m_keys[object.replacing].first_field;
  size_t old_end =
      object.replacing + 1 < m_keys.size() ? m_keys[object.replacing + 1].first_field : object.replacement_from;
  size_t removed = old_end - first, added = m_out.size() - object.replacement_from;
  auto at = [&](size_t i) { return m_out.begin() + static_cast<std::ptrdiff_t>(i); };
  std::rotate(at(old_end), at(object.replacement_from), m_out.end());
  m_out.erase(at(first), at(old_end));
  for (size_t i = object.replacing + 1; i < m_keys.size(); ++i)
    m_keys[i].first_field = m_keys[i].first_field - removed + added;
  object.replacing = k_none;
}

} // namespace

Result<Json> parse_json(std::string_view body)
{
  if (too_deep(body))
    return too_deep_error();
  try {
    return Json::parse(body);
  } catch (const Json::exception& e) {
    return malformed_error(e.what());
  }
}

Result<Json> parse_json_object(std::string_view body)
{
  auto json = parse_json(body);
  if (!json)
    return json;
  if (!json->is_object())
    return not_an_object_error(json->type_name());
  return json;
}

std::string json_text(const Json& value)
{
  if (value.is_string())
    return value.get<std::string>();
  if (value.is_boolean() || value.is_number())
    return value.dump();
  return {};
}

Fields flatten_json(const Json& value, const std::string& prefix)
{
  Fields out;
  flatten_into(value, prefix, out);
  return out;
}

Result<Fields> flatten_json_object_text(std::string_view body)
{
  Fields out;
  out.reserve(32);
  if (flatten_json_fast(body, out))
    return out;
  out.clear();
  FlattenSax sax(out);
  if (!Json::sax_parse(body, &sax)) {
    // parse_json scans for the depth before parsing. On text the parser accepted, the scan counts
    // the same containers as the parser, so only a failure needs the scan, to pick the same error.
    if (sax.too_deep() || too_deep(body))
      return too_deep_error();
    return malformed_error(sax.error());
  }
  if (sax.top_level_type())
    return not_an_object_error(sax.top_level_type());
  return out;
}

} // namespace leadhub::sources::common
