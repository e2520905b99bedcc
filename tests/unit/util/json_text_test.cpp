#include "core/util/json_text.hpp"
#include "core/util/strings.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace leadhub;

namespace {

std::string reference(const std::string& s)
{
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const std::vector<std::string> k_strings = {
    "",
    "plain",
    "Mary Ann O'Neill",
    "quote \" and backslash \\",
    "tab\tnew\nline\rcarriage\bback\fform",
    std::string("nul\0byte", 8),
    "\x01\x1f\x7f",
    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",   // é € 😀
    "bad \xff byte",                                  // invalid lead byte
    "cut \xe2\x82",                                   // truncated sequence
    "overlong \xc0\xaf",                              // overlong '/'
    "surrogate \xed\xa0\x80",                         // U+D800
    "past max \xf4\x90\x80\x80",                      // U+110000
    "last \xf4\x8f\xbf\xbf",                          // U+10FFFF
};

} // namespace

TEST(JsonText, StringsAreEscapedExactlyAsNlohmannDumps)
{
  for (const auto& s : k_strings) {
    std::string out;
    util::append_json_string(out, s);
    EXPECT_EQ(out, reference(s)) << "input: " << nlohmann::json(s).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  }
}

// Long runs go 8 bytes at a time: an escape, a multi-byte character or invalid UTF-8 at any
// offset of a long string comes out as nlohmann writes it.
TEST(JsonText, LongStringsWithAnEscapeAtEveryOffsetMatchNlohmann)
{
  const std::string inserts[] = {"\"", "\\", "\n", std::string("\0", 1), "\x1f", "\x7f", "\xc3\xa9", "\xe2\x82\xac", "\xff"};
  for (const auto& insert : inserts)
    for (size_t at = 0; at <= 40; ++at) {
      std::string s = std::string(at, 'a') + insert + std::string(40 - at, 'b');
      std::string out;
      util::append_json_string(out, s);
      ASSERT_EQ(out, reference(s)) << "insert at " << at;
    }
}

TEST(JsonText, ObjectsAndArraysMatchNlohmann)
{
  std::map<std::string, std::string> m;
  for (size_t i = 0; i < k_strings.size(); ++i)
    m["k" + std::to_string(i) + k_strings[i]] = k_strings[k_strings.size() - 1 - i];
  EXPECT_EQ(util::json_object(m), nlohmann::json(m).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  EXPECT_EQ(util::json_object({}), "{}");
  std::vector<int64_t> ids = {1, -2, 9223372036854775807, 0};
  EXPECT_EQ(util::json_array(ids), nlohmann::json(ids).dump());
  EXPECT_EQ(util::json_array({}), "[]");
}

TEST(JsonText, Utf8ValidationFollowsRfc3629)
{
  EXPECT_TRUE(util::is_utf8(""));
  EXPECT_TRUE(util::is_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf"));
  EXPECT_FALSE(util::is_utf8("\xff"));
  EXPECT_FALSE(util::is_utf8("\x80"));
  EXPECT_FALSE(util::is_utf8("\xe2\x82"));
  EXPECT_FALSE(util::is_utf8("\xc0\xaf")) << "overlong";
  EXPECT_FALSE(util::is_utf8("\xe0\x80\xaf")) << "overlong";
  EXPECT_FALSE(util::is_utf8("\xed\xa0\x80")) << "surrogate";
  EXPECT_FALSE(util::is_utf8("\xf4\x90\x80\x80")) << "past U+10FFFF";
  EXPECT_FALSE(util::is_utf8("\xf5\x80\x80\x80"));
  // Long strings go through the SIMD blocks: a fault anywhere, or cut at the very end, is found.
  std::string long_text(200, 'a');
  for (int i = 0; i < 50; ++i)
    long_text += "\xc3\xa9\xe2\x82\xac";
  EXPECT_TRUE(util::is_utf8(long_text));
  for (size_t at : {size_t{0}, size_t{63}, size_t{64}, size_t{130}, long_text.size() - 1}) {
    auto broken = long_text;
    broken[at] = '\xff';
    EXPECT_FALSE(util::is_utf8(broken)) << "0xff at " << at;
  }
  EXPECT_FALSE(util::is_utf8(long_text + "\xe2\x82")) << "cut short at the end";
  EXPECT_FALSE(util::is_utf8(long_text + "\xed\xa0\x80" + long_text)) << "surrogate in the middle";
}
