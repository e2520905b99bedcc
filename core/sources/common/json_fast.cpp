#include "core/sources/common/json_fast.hpp"

#include "core/sources/common/json_fields.hpp"

#include <simdjson.h>

#include <bit>
#include <charconv>
#include <cstring>
#include <string>
#include <vector>

namespace leadhub::sources::common {

namespace {

// Past this the SAX path takes over: simdjson's parser keeps about fifteen times the largest body
// it has seen, per thread, while deliveries are a few kilobytes.
constexpr size_t k_fast_path_max_body = 64 * 1024;

// The fast path: simdjson's DOM, about ten times quicker than nlohmann's lexer on a delivery. It
// walks only documents whose fields are sure to match the SAX path's byte for byte, and declines
// the rest, so that FlattenSax stays the one reference for them and for every error message.
// One per thread: the parser and the scratch strings keep their memory from one body to the next.
class FastFlattener {
public:
  FastFlattener() : m_parser(k_fast_path_max_body) { m_path.reserve(64); }

  // False, with `out` half filled, when the SAX path must decide: simdjson refused the text (a
  // syntax error, bad UTF-8, an integer past 64 bits, an empty or oversized body...), the top level
  // is not an object, the nesting is too deep, or there is a double (nlohmann prints those its own
  // way) or a repeated key (ordered_json keeps its first place and last value).
  bool flatten(std::string_view body, Fields& out);

private:
  using Element = simdjson::dom::element;
  using Type = simdjson::dom::element_type;
  struct KeySlot {
    uint64_t fingerprint = 0; // 0: empty
    std::string_view key;
  };

  bool value(Element value, int depth);
  bool object(simdjson::dom::object object, int depth);
  bool array(simdjson::dom::array array, int depth);
  bool has_repeated_key(simdjson::dom::object object);
  void set_child_path(size_t parent_size, std::string_view name);

  simdjson::dom::parser m_parser;
  Fields* m_out = nullptr;
  std::string m_path;
  std::string m_joined;
  std::vector<std::string_view> m_keys; // has_repeated_key's, for small objects
  std::vector<KeySlot> m_slots;         // has_repeated_key's, for the others
};

// json_text of a string, integer or boolean; integers are written into `digits`.
std::string_view scalar_text(simdjson::dom::element value, char (&digits)[24])
{
  using Type = simdjson::dom::element_type;
  switch (value.type()) {
  case Type::INT64:
    return {digits, std::to_chars(digits, digits + sizeof digits, value.get_int64().value_unsafe()).ptr};
  case Type::UINT64:
    return {digits, std::to_chars(digits, digits + sizeof digits, value.get_uint64().value_unsafe()).ptr};
  case Type::BOOL:
    return value.get_bool().value_unsafe() ? "true" : "false";
  default:
    return value.get_string().value_unsafe();
  }
}

bool FastFlattener::flatten(std::string_view body, Fields& out)
{
  m_out = &out;
  m_path.clear();
  simdjson::dom::object root;
  return !m_parser.parse(body.data(), body.size()).get_object().get(root) && object(root, 1);
}

// As flatten_into, at m_path; `depth` counts the containers around `value`.
bool FastFlattener::value(Element value, int depth)
{
  switch (value.type()) {
  case Type::OBJECT:
    return object(value.get_object().value_unsafe(), depth + 1);
  case Type::ARRAY:
    return array(value.get_array().value_unsafe(), depth + 1);
  case Type::NULL_VALUE:
    return true;
  case Type::DOUBLE:
    return false;
  default:
    char digits[24];
    m_out->emplace_back(m_path, scalar_text(value, digits));
    return true;
  }
}

bool FastFlattener::object(simdjson::dom::object object, int depth)
{
  if (depth > k_max_json_depth || has_repeated_key(object))
    return false;
  size_t path_size = m_path.size();
  for (auto [key, member] : object) {
    set_child_path(path_size, key);
    if (!value(member, depth))
      return false;
  }
  return true;
}

bool FastFlattener::array(simdjson::dom::array array, int depth)
{
  if (depth > k_max_json_depth)
    return false;
  bool joins = true; // every element so far a string, integer or boolean
  size_t count = 0;
  for (Element element : array) {
    Type type = element.type();
    if (type == Type::DOUBLE)
      return false;
    joins = joins && type != Type::OBJECT && type != Type::ARRAY && type != Type::NULL_VALUE;
    ++count;
  }
  if (joins && count > 0) {
    m_joined.clear();
    char digits[24];
    for (Element element : array) {
      if (!m_joined.empty()) // as flatten_into: leading empty strings take no separator
        m_joined += ", ";
      m_joined += scalar_text(element, digits);
    }
    m_out->emplace_back(m_path, m_joined);
    return true;
  }
  size_t path_size = m_path.size(), index = 0;
  for (Element element : array) {
    char digits[24];
    set_child_path(path_size, {digits, std::to_chars(digits, digits + sizeof digits, index++).ptr});
    if (!value(element, depth))
      return false;
  }
  return true;
}

// A cheap stand-in for a key in has_repeated_key's table: its length and its first and last eight
// bytes, mixed. Never 0, which marks an empty slot.
uint64_t key_fingerprint(std::string_view key)
{
  uint64_t head = 0, tail = 0;
  if (key.size() >= 8) { // fixed-size copies compile to plain loads
    std::memcpy(&head, key.data(), 8);
    std::memcpy(&tail, key.data() + key.size() - 8, 8);
  } else {
    for (char c : key)
      head = head << 8 | static_cast<unsigned char>(c);
  }
  uint64_t mixed = head * 0x9e3779b97f4a7c15 ^ (tail + key.size()) * 0xc2b2ae3d27d4eb4f;
  return (mixed ^ mixed >> 29) | 1;
}

bool FastFlattener::has_repeated_key(simdjson::dom::object object)
{
  size_t size = object.size();
  if (size <= 8) { // comparing pairs is cheaper than a table
    m_keys.clear();
    for (auto [key, member] : object) {
      if (std::find(m_keys.begin(), m_keys.end(), key) != m_keys.end())
        return true;
      m_keys.push_back(key);
    }
    return false;
  }
  // An open-addressed table, at most half full: one pass, and whole keys compared only when their
  // fingerprints match. Sorting the keys instead cost a third of the whole flattening.
  int bits = std::bit_width(2 * size - 1);
  m_slots.assign(size_t{1} << bits, KeySlot{});
  for (auto [key, member] : object) {
    uint64_t fingerprint = key_fingerprint(key);
    for (size_t i = fingerprint >> (64 - bits);; i = (i + 1) & (m_slots.size() - 1)) {
      KeySlot& slot = m_slots[i];
      if (slot.fingerprint == 0) {
        slot = {fingerprint, key};
        break;
      }
      if (slot.fingerprint == fingerprint && slot.key == key)
        return true;
    }
  }
  return false;
}

void FastFlattener::set_child_path(size_t parent_size, std::string_view name)
{
  m_path.resize(parent_size);
  if (parent_size > 0)
    m_path += '.';
  m_path += name;
}

} // namespace

bool flatten_json_fast(std::string_view body, Fields& out)
{
  thread_local FastFlattener fast;
  return fast.flatten(body, out);
}

} // namespace leadhub::sources::common
