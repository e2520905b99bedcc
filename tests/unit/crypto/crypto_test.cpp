#include "core/crypto/crypto.hpp"
#include "core/util/strings.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace leadhub;

TEST(Token, Is48CharactersOfAlphanumerics)
{
  for (int i = 0; i < 200; ++i) {
    auto t = crypto::random_token();
    ASSERT_EQ(t.size(), 48u);
    EXPECT_TRUE(std::all_of(t.begin(), t.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    })) << t;
  }
  EXPECT_EQ(crypto::random_token(7).size(), 7u);
}

TEST(Token, AreDistinctAndUseTheWholeAlphabet)
{
  std::set<std::string> tokens;
  std::set<char> chars;
  for (int i = 0; i < 1000; ++i) {
    auto t = crypto::random_token();
    tokens.insert(t);
    chars.insert(t.begin(), t.end());
  }
  EXPECT_EQ(tokens.size(), 1000u);
  EXPECT_EQ(chars.size(), 62u); // 48,000 draws miss none of 62 characters
}

TEST(Crypto, Sha256KnownAnswer)
{
  EXPECT_EQ(util::to_hex(crypto::sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(crypto::sha256("").size(), 32u);
  // The context a thread reuses starts afresh each time.
  EXPECT_EQ(util::to_hex(crypto::sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(util::to_hex(crypto::sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, HmacKnownAnswers)
{
  // RFC 4231 test case 2.
  EXPECT_EQ(util::to_hex(crypto::hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // RFC 2202 test case 2.
  EXPECT_EQ(util::to_hex(crypto::hmac_sha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(Crypto, ConstantTimeEqual)
{
  EXPECT_TRUE(crypto::constant_time_equal("secret", "secret"));
  EXPECT_FALSE(crypto::constant_time_equal("secret", "secreT"));
  EXPECT_FALSE(crypto::constant_time_equal("secret", "secret2"));
  EXPECT_TRUE(crypto::constant_time_equal("", ""));
}

TEST(Crypto, Base64RoundTripAndVariants)
{
  std::string bytes("\x00\xff\xfe hello", 9);
  EXPECT_EQ(crypto::base64_decode(crypto::base64_encode(bytes)), bytes);
  EXPECT_EQ(crypto::base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(crypto::base64_decode("Zm9vYg"), "foob");  // unpadded
  EXPECT_EQ(crypto::base64_decode("-_8"), "\xfb\xff"); // URL-safe
  EXPECT_EQ(crypto::base64_decode("!!!!"), "");        // malformed
}
