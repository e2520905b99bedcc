#include "core/crypto/crypto.hpp"
#include "core/sources/common/body.hpp"
#include "core/sources/common/form.hpp"
#include "core/sources/common/generic.hpp"
#include "core/sources/common/json_fields.hpp"
#include "core/sources/common/multipart.hpp"
#include "core/sources/common/signature.hpp"
#include "core/util/strings.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/sources/post.hpp"

#include <gtest/gtest.h>

using namespace leadhub;
using namespace leadhub::sources;
using namespace leadhub::sources::common;
using namespace std::string_literals;
using leadhub::test::post;

namespace {

// What Chrome sends for a form with two text fields, a textarea and a file input.
const std::string k_chrome_boundary = "----WebKitFormBoundaryePkpFF7tjBAqx29L";
const std::string k_chrome_body = "------WebKitFormBoundaryePkpFF7tjBAqx29L\r\n"
                                  "Content-Disposition: form-data; name=\"first_name\"\r\n"
                                  "\r\n"
                                  "Jane\r\n"
                                  "------WebKitFormBoundaryePkpFF7tjBAqx29L\r\n"
                                  "Content-Disposition: form-data; name=\"email\"\r\n"
                                  "\r\n"
                                  "jane@example.com\r\n"
                                  "------WebKitFormBoundaryePkpFF7tjBAqx29L\r\n"
                                  "Content-Disposition: form-data; name=\"message\"\r\n"
                                  "\r\n"
                                  "Line one\r\nLine two\r\n"
                                  "------WebKitFormBoundaryePkpFF7tjBAqx29L\r\n"
                                  "Content-Disposition: form-data; name=\"cv\"; filename=\"cv.pdf\"\r\n"
                                  "Content-Type: application/pdf\r\n"
                                  "\r\n"
                                  "%PDF-1.4\n\x00\xff\xfe binary\r\n"
                                  "------WebKitFormBoundaryePkpFF7tjBAqx29L--\r\n"s;

std::string k_chrome_content_type() { return "multipart/form-data; boundary=" + k_chrome_boundary; }

} // namespace

TEST(Form, DecodesPairsInOrder)
{
  auto fields = decode_form("name=Jane+Doe&email=jane%40example.com&empty=&flag&&=orphan&name=again\r\n");
  ASSERT_TRUE(fields);
  Fields expected = {
      {"name", "Jane Doe"}, {"email", "jane@example.com"}, {"empty", ""}, {"flag", ""}, {"name", "again"}};
  EXPECT_EQ(*fields, expected);
}

TEST(Form, DecodesUtf8AndEqualsInValues)
{
  auto fields = decode_form("city=Z%C3%BCrich&q=a%3Db=c");
  ASSERT_TRUE(fields);
  EXPECT_EQ((*fields)[0].second, "Zürich");
  EXPECT_EQ((*fields)[1].second, "a=b=c");
}

TEST(Form, RefusesControlBytes)
{
  auto fields = decode_form(std::string("a=1\x00\xff", 5));
  ASSERT_FALSE(fields);
  EXPECT_EQ(fields.error().code, Errc::invalid);
}

TEST(Multipart, DecodesABrowserBody)
{
  auto fields = decode_multipart(k_chrome_body, k_chrome_content_type());
  ASSERT_TRUE(fields) << fields.error().message;
  Fields expected = {
      {"first_name", "Jane"}, {"email", "jane@example.com"}, {"message", "Line one\r\nLine two"}, {"cv", "cv.pdf"}};
  EXPECT_EQ(*fields, expected);
}

TEST(Multipart, HandlesQuotedBoundaryPreambleAndBareLineFeeds)
{
  std::string body = "preamble to ignore\n--a:b c\nContent-Disposition: form-data; name=\"x\"\n\n1\n"
                     "--a:b c\ncontent-disposition: form-data; name=\"y\"\n\n\n--a:b c--\n";
  auto fields = decode_multipart(body, "multipart/form-data; charset=utf-8; BOUNDARY=\"a:b c\"");
  ASSERT_TRUE(fields) << fields.error().message;
  Fields expected = {{"x", "1"}, {"y", ""}};
  EXPECT_EQ(*fields, expected);
}

TEST(Multipart, FileNamesLoseTheirPathAndNamesTheirEscapes)
{
  std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"say %22hi%22\"\r\n\r\nhello\r\n"
      "--b\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"C:\\\\fakepath\\\\cv.pdf\"\r\n"
      "\r\nbytes\r\n--b\r\nContent-Disposition: form-data; name=\"none\"; filename=\"\"\r\n\r\n\r\n--b--";
  auto fields = decode_multipart(body, "multipart/form-data; boundary=b");
  ASSERT_TRUE(fields) << fields.error().message;
  Fields expected = {{"say \"hi\"", "hello"}, {"upload", "cv.pdf"}, {"none", ""}};
  EXPECT_EQ(*fields, expected);
}

TEST(Multipart, RefusesMalformedBodies)
{
  EXPECT_FALSE(decode_multipart("--b\r\n\r\nx\r\n--b--", "multipart/form-data")); // no boundary
  EXPECT_FALSE(decode_multipart("no delimiter here", "multipart/form-data; boundary=b"));
  EXPECT_FALSE(decode_multipart("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nunterminated",
                                "multipart/form-data; boundary=b"));
  EXPECT_FALSE(decode_multipart("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n--b--",
                                "multipart/form-data; boundary=b"));
  auto garbage = decode_multipart(std::string("\x00\xff", 2), "multipart/form-data; boundary=b");
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, Errc::invalid);
}

TEST(HeaderParameter, ReadsQuotedAndBareValues)
{
  EXPECT_EQ(header_parameter("form-data; name=\"a;b\"; filename=x.txt", "filename"), "x.txt");
  EXPECT_EQ(header_parameter("form-data; name=\"a;b\"; filename=x.txt", "name"), "a;b");
  EXPECT_EQ(header_parameter("text/plain", "charset"), "");
}

TEST(JsonFields, KeepsBigIntegersExact)
{
  auto json = parse_json_object(R"({"message_token":4912661846655238145,"neg":-9007199254740993})");
  ASSERT_TRUE(json);
  Fields expected = {{"message_token", "4912661846655238145"}, {"neg", "-9007199254740993"}};
  EXPECT_EQ(flatten_json(*json), expected);
}

TEST(JsonFields, FlattensInDocumentOrder)
{
  auto json = parse_json_object(R"({"z":"last-name-first","contact":{"email":"a@example.com","tags":["a","b",3]},
    "answers":[{"email":"x@example.com"},{"ok":true}],"price":12.5,"none":null,"empty":{},"list":[]})");
  ASSERT_TRUE(json);
  Fields expected = {{"z", "last-name-first"},    {"contact.email", "a@example.com"},
                     {"contact.tags", "a, b, 3"}, {"answers.0.email", "x@example.com"},
                     {"answers.1.ok", "true"},    {"price", "12.5"}};
  EXPECT_EQ(flatten_json(*json), expected);
}

TEST(JsonFields, JsonTextOfScalars)
{
  EXPECT_EQ(json_text(Json(18446744073709551615ULL)), "18446744073709551615");
  EXPECT_EQ(json_text(Json(false)), "false");
  EXPECT_EQ(json_text(Json("text")), "text");
  EXPECT_EQ(json_text(Json(nullptr)), "");
  EXPECT_EQ(json_text(Json::array()), "");
}

TEST(JsonFields, RefusesMalformedAndDeepDocuments)
{
  for (std::string bad : {"{"s, ""s, "[1,2"s, "{\"a\":}"s, "\x00\xff"s, "{\"a\":\"\xff\"}"s}) {
    auto json = parse_json(bad);
    ASSERT_FALSE(json) << bad;
    EXPECT_EQ(json.error().code, Errc::invalid);
  }
  EXPECT_FALSE(parse_json(std::string(100000, '[') + std::string(100000, ']')));
  EXPECT_TRUE(parse_json(std::string(k_max_json_depth, '[') + std::string(k_max_json_depth, ']')));
  EXPECT_FALSE(parse_json_object("[1]"));
  EXPECT_FALSE(parse_json(R"({"n":1e400})")); // out of range, not a crash
}

namespace {

// flatten_json_object_text must give what the DOM path gives, fields and errors alike.
void expect_same_as_dom(const std::string& body)
{
  auto dom = parse_json_object(body);
  auto sax = flatten_json_object_text(body);
  ASSERT_EQ(bool(sax), bool(dom)) << body;
  if (dom) {
    EXPECT_EQ(*sax, flatten_json(*dom)) << body;
  } else {
    EXPECT_EQ(sax.error().code, dom.error().code) << body;
    EXPECT_EQ(sax.error().message, dom.error().message) << body;
  }
}

// `depth` containers, one in another: objects, the innermost `innermost`.
std::string nested_containers(int depth, const std::string& innermost = "[1,2]")
{
  std::string text;
  for (int i = 1; i < depth; ++i)
    text += R"({"a":)";
  return text + innermost + std::string(depth - 1, '}');
}

// An object of `count` keys `k0`, `k1`..., then `extra` members.
std::string object_with_keys(int count, const std::string& extra = "")
{
  std::string text = "{";
  for (int i = 0; i < count; ++i)
    text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  return text + extra + "}";
}

} // namespace

// Documents that simdjson's fast path flattens itself.
TEST(JsonFields, TextFlattenerMatchesTheDom)
{
  std::string deepest = nested_containers(k_max_json_depth);
  ASSERT_TRUE(parse_json_object(deepest));
  const std::vector<std::string> bodies = {
      R"({"a":{"b":{"c":1}},"d":[1,2,3],"e":"x"})",
      R"({"m":[1,null,{"a":2},[3,4],"x"],"after":1})",
      R"({"m":[[1,2],[3,[4,5]],[],[null],[{}]]})",
      R"({"m":[null],"n":[1,[]],"o":[{},1],"p":[[],2,null]})",
      R"({"n":null,"o":{},"a":[],"x":{"y":{},"z":[[]]}})",
      R"({"s":["x, y","z"],"t":["x, y","",null],"u":["",""],"v":["","a",""],"w":["","",null,"b"]})",
      R"({"a":[{"b":[{"c":1},{"c":["",1,"",true]}]},[{"d":{}}],{"e":[[{"f":false}]]}],"g":[[""],[]]})",
      // simdjson reads -0 as the integer 0, as nlohmann does
      R"({"z":-0,"zs":[-0,0,-1],"i":[9223372036854775807,9223372036854775808,18446744073709551615]})",
      R"({"lo":-9223372036854775808,"hi":18446744073709551615,"t":[true,false]})",
      R"({"\u00e9t\u00e9":"caf\u00e9 \ud83d\ude00","esc":"a\"b\\c\/d\n\t","raw":"Zürich"})",
      R"({"k\u0000":"a\u0000b","nul":["\u0000",""],"\uDBFF\uDFFF":"\ud83d\ude00"})",
      R"({"":1,"a":{"":{"":2}},"b":[{"":3}],"c":[1,[2]]})",
      R"({"a.b":1,"a":{"b":2}})",
      " { \"a\" : [ 1 , 2 ] ,\n\"b\":\t{ } } ",
      "{}",
      deepest,
      nested_containers(k_max_json_depth, "{}"),
      nested_containers(k_max_json_depth, "[]"),
      R"({"brackets":")" + std::string(100, '[') + R"(\"{{"})",
      // Past eight keys, repeats are looked for in a table of fingerprints: length, head and tail.
      object_with_keys(9),
      object_with_keys(200, R"(,"k":{"x":[1,2]})"),
      object_with_keys(8,
                       R"(,"abcdefgh1ijklmnop":1,"abcdefgh2ijklmnop":2,"abcdefgh12ijklmnop":3,"abcdefghijklmnop":4)"),
      object_with_keys(8, R"(,"a":1,"b":2,"ab":3,"ba":4,"":5,"aaaaaaa":6,"aaaaaaaa":7,"aaaaaaaaa":8)"),
      test::read_file(std::string(LEADHUB_FIXTURES_DIR) + "/payloads/lead_1500.json"),
  };
  for (const auto& body : bodies)
    expect_same_as_dom(body);
}

// Documents that the fast path declines, for the SAX path to flatten.
TEST(JsonFields, TextFlattenerMatchesTheDomOnDeclinedDocuments)
{
  const std::vector<std::string> bodies = {
      // doubles, which nlohmann prints in its own shortest form
      R"({"t":["a","b",3,true,false,1.5,-2]})",
      R"({"f":[1.5],"g":1e300,"h":-0.0,"i":3.0,"j":1E-7,"k":0.1,"l":123456789012345678901234567890})",
      R"({"fs":[1e300,-0.0,3.0,2.5e-8,100000000000000000000.0]})",
      R"({"a":{"b":[{"c":-0.0}]}})",
      // integers past 64 bits, which simdjson refuses and nlohmann reads as doubles
      R"({"u":18446744073709551615,"n":-9223372036854775808,"o":18446744073709551616})",
      R"({"p":-9223372036854775809,"z":0,"m":-0,"ints":[18446744073709551615,-9223372036854775808,0]})",
      // repeated keys: the first place, the last value
      R"({"a":1,"b":2,"a":3})",
      R"({"a":{"x":1,"y":2},"b":2,"a":[1,2]})",
      R"({"a":null,"b":1,"a":{"c":[{"d":1}]}})",
      R"({"a":[1,{"b":1}],"c":0,"a":null,"a":"last","c":[2,{"d":[3]}]})",
      R"({"l":[{"k":1,"j":2,"k":{"z":9,"z":8}}],"l2":5})",
      R"({"a":1,"b":{"c":1,"d":2},"e":3,"b":{"x":1,"y":2,"z":3},"f":4,"b":{"q":null},"e":[4,5]})",
      R"({"a":{"b":1,"c":2},"a":{},"a":{"b":{"b":1,"b":2}}})",
      R"({"":1,"a":{"":{"":2}},"b":[{"":3}],"":[1,[2]]})",
      R"({"a.b":1,"a":{"b":2},"a.b":3})",
      R"({"\u0061":1,"a":2})",
      object_with_keys(9, R"(,"k0":"again")"),
      object_with_keys(200, R"(,"k199":{"x":1},"k":2)"),
      object_with_keys(8, R"(,"abcdefgh1ijklmnop":1,"abcdefgh2ijklmnop":2,"abcdefgh1ijklmnop":3)"),
      // text nlohmann takes and simdjson does not: a byte order mark, anything after a NUL
      "\xEF\xBB\xBF{\"a\":1}",
      "{\"a\":1}\0trailing"s,
      // a body too large for the fast path
      R"({"big":")" + std::string(70000, 'x') + R"(","n":[1,2]})",
  };
  for (const auto& body : bodies)
    expect_same_as_dom(body);
}

TEST(JsonFields, TextFlattenerFailsAsTheDomDoes)
{
  std::vector<std::string> bad_bodies = {"{"s, ""s, " "s, "[1,2"s, "{\"a\":}"s, "\x00\xff"s, "{\"a\":\"\xff\"}"s};
  bad_bodies.push_back("\n\t\r ");
  // bad UTF-8 (overlong, a surrogate, cut short), lone surrogate escapes, a raw control character
  for (auto bad_text : {"{\"a\":\"\xc0\xaf\"}", "{\"\xed\xa0\x80\":1}", "{\"a\":\"\xe2\x82\"}", R"({"a":"\ud800"})",
                        R"({"a":"\udc00"})", R"({"a":"\ud800\u0041"})", "{\"a\":\"\x01\"}"})
    bad_bodies.push_back(bad_text);
  for (auto malformed : {"{\"n\":1e400}", "{} x", "{}{}", "[1] x", "[{]", "{\"a\":1,}", "{\"a\" 1}", "{'a':1}"})
    bad_bodies.push_back(malformed);
  bad_bodies.push_back("{\"a\":[1,{\"b\":nul}]}");
  for (auto not_an_object : {"[1]", "[]", "1", "-5", "1.5", "\"s\"", "null", "true"})
    bad_bodies.push_back(not_an_object);
  // Too deep, also where the text is malformed or not an object: the depth is what is refused.
  for (int depth : {100000, k_max_json_depth + 1})
    bad_bodies.push_back(std::string(depth, '[') + std::string(depth, ']'));
  bad_bodies.push_back(R"({"a":1,,"b":)" + std::string(100, '['));
  bad_bodies.push_back(R"({"a":)" + std::string(100, '{'));
  bad_bodies.push_back("[" + nested_containers(k_max_json_depth) + "]");
  bad_bodies.push_back(nested_containers(k_max_json_depth + 1));
  bad_bodies.push_back(nested_containers(k_max_json_depth + 1, "{}"));
  bad_bodies.push_back(nested_containers(k_max_json_depth + 1, "[]"));
  for (const auto& bad : bad_bodies) {
    ASSERT_FALSE(parse_json_object(bad)) << bad;
    expect_same_as_dom(bad);
  }
  auto array = flatten_json_object_text("[1]");
  ASSERT_FALSE(array);
  EXPECT_EQ(array.error().message, "JSON body must be an object (got array)");
}

TEST(Signature, HexHmacWithAndWithoutPrefix)
{
  std::string body = R"({"object":"page"})";
  std::string hex = util::to_hex(crypto::hmac_sha256("secret", body));
  EXPECT_TRUE(hmac_sha256_matches("secret", body, hex, DigestEncoding::hex));
  EXPECT_TRUE(hmac_sha256_matches("secret", body, "sha256=" + hex, DigestEncoding::hex));
  EXPECT_TRUE(
      hmac_sha256_matches("secret", body, util::to_lower("SHA256=") + util::to_lower(hex), DigestEncoding::hex));
  EXPECT_FALSE(hmac_sha256_matches("secret", body + " ", hex, DigestEncoding::hex));
  EXPECT_FALSE(hmac_sha256_matches("wrong", body, hex, DigestEncoding::hex));
  EXPECT_FALSE(hmac_sha256_matches("secret", body, "", DigestEncoding::hex));
}

TEST(Signature, Base64Hmac)
{
  std::string body = R"({"event_id":"01H"})";
  std::string b64 = crypto::base64_encode(crypto::hmac_sha256("secret", body));
  EXPECT_TRUE(hmac_sha256_matches("secret", body, "sha256=" + b64, DigestEncoding::base64));
  EXPECT_TRUE(hmac_sha256_matches("secret", body, b64, DigestEncoding::base64));
  EXPECT_FALSE(hmac_sha256_matches("secret", "{}", b64, DigestEncoding::base64));
  EXPECT_FALSE(hmac_sha256_matches("secret", body, "not base64!", DigestEncoding::base64));
}

TEST(Signature, VerifyHmacHeader)
{
  Delivery delivery = post("application/json", R"({"a":1})");
  delivery.headers.emplace("x-hub-signature-256", "sha256=" + util::to_hex(crypto::hmac_sha256("k", delivery.body)));
  EXPECT_TRUE(verify_hmac_header(delivery, "X-Hub-Signature-256", "k", DigestEncoding::hex));
  auto wrong = verify_hmac_header(delivery, "x-hub-signature-256", "other", DigestEncoding::hex);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, Errc::unauthorized);
  delivery.body += " ";
  EXPECT_FALSE(verify_hmac_header(delivery, "x-hub-signature-256", "k", DigestEncoding::hex));
  auto missing = verify_hmac_header(delivery, "x-other", "k", DigestEncoding::hex);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("'x-other'"), std::string::npos);
}

TEST(Signature, TimestampedWithinWindow)
{
  std::string body = R"({"event":"invitee.created"})";
  std::string header = "t=1795723200,v1=" + util::to_hex(crypto::hmac_sha256("key", "1795723200." + body));
  VerifyOptions at_time{.now_unix = 1795723200 + 299, .max_age_seconds = 300};
  EXPECT_TRUE(verify_timestamped_hmac(header, "key", body, at_time));
  EXPECT_TRUE(verify_timestamped_hmac("v1=00, " + header, "key", body, at_time)); // any v1 may match
  EXPECT_FALSE(verify_timestamped_hmac(header, "key", body + "x", at_time));
  EXPECT_FALSE(verify_timestamped_hmac(header, "other", body, at_time));
}

TEST(Signature, TimestampedOutsideWindow)
{
  std::string body = "{}";
  std::string header = "t=1795723200,v1=" + util::to_hex(crypto::hmac_sha256("key", "1795723200." + body));
  auto stale = verify_timestamped_hmac(header, "key", body, {.now_unix = 1795723200 + 301, .max_age_seconds = 300});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, Errc::unauthorized);
  EXPECT_FALSE(verify_timestamped_hmac(header, "key", body, {.now_unix = 1795723200 - 301, .max_age_seconds = 300}));
  // A window of 0 turns the check off.
  EXPECT_TRUE(verify_timestamped_hmac(header, "key", body, {.now_unix = 1, .max_age_seconds = 0}));
  EXPECT_FALSE(verify_timestamped_hmac("v1=abc", "key", body, {.now_unix = 1, .max_age_seconds = 0}));
  EXPECT_FALSE(verify_timestamped_hmac("t=soon,v1=abc", "key", body, {.now_unix = 1, .max_age_seconds = 0}));
}

TEST(Body, DecodesByContentType)
{
  auto json = decode_body(post("application/json; charset=utf-8", R"({"email":"a@example.com"})"));
  ASSERT_TRUE(json);
  EXPECT_EQ((*json)[0].second, "a@example.com");
  auto form = decode_body(post("application/x-www-form-urlencoded", "email=a%40example.com"));
  ASSERT_TRUE(form);
  EXPECT_EQ((*form)[0].second, "a@example.com");
  auto multipart = decode_body(post(k_chrome_content_type(), k_chrome_body));
  ASSERT_TRUE(multipart);
  EXPECT_EQ(multipart->size(), 4u);
}

TEST(Body, MediaTypeFallsBackToTheHeader)
{
  Delivery delivery;
  delivery.headers.emplace("content-type", "Application/JSON; charset=utf-8");
  EXPECT_EQ(media_type(delivery), "application/json");
}

TEST(Body, RefusesUnknownTypesAndBadText)
{
  auto xml = decode_body(post("text/xml", "<lead/>"));
  ASSERT_FALSE(xml);
  EXPECT_EQ(xml.error().message, "unsupported content type 'text/xml'");
  EXPECT_FALSE(decode_body(post("application/x-www-form-urlencoded", "name=%FF%FE")));
  EXPECT_FALSE(decode_body(post("application/json", R"({"name":"a\u0000b"})")));
}

TEST(TakeField, TakesTheFirstNamedFieldWithAValue)
{
  Fields fields = {{"lead_id", ""}, {"ID", "42"}, {"lead_id", "7"}, {"email", "a@example.com"}};
  EXPECT_EQ(take_field(fields, {"lead_id", "id"}), "7");
  EXPECT_EQ(fields.size(), 3u);
  EXPECT_EQ(take_field(fields, {"missing"}), "");
}

TEST(ParseGeneric, OneLeadWithItsExternalId)
{
  auto parsed = parse_generic(post("application/json", R"({"lead_id":4912661846655238145,"email":"a@example.com"})"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->leads.size(), 1u);
  EXPECT_EQ(parsed->leads[0].external_id, "4912661846655238145");
  Fields expected = {{"email", "a@example.com"}};
  EXPECT_EQ(parsed->leads[0].fields, expected);
}

TEST(ParseGeneric, RefusesBodiesWithoutValues)
{
  for (auto [type, body] : {std::pair{"application/json", "{}"},
                            {"application/json", R"({"id":"1","x":""})"},
                            {"application/x-www-form-urlencoded", ""},
                            {"application/json", "[]"}}) {
    auto parsed = parse_generic(post(type, body));
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().code, Errc::invalid);
  }
}
