#include "core/crypto/crypto.hpp"
#include "core/crypto/sealer.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

using namespace leadhub;

namespace {
crypto::Sealer sealer()
{
  return crypto::Sealer(crypto::random_bytes(32));
}
} // namespace

TEST(Sealer, RoundTrip)
{
  auto s = sealer();
  for (std::string plain :
       {std::string(), std::string("x"), std::string("a credential \xe2\x9c\x93"), std::string(5000, 'z')}) {
    auto sealed = s.seal(plain, "ctx");
    EXPECT_EQ(sealed.size(), plain.size() + 28); // nonce 12 + tag 16
    auto opened = s.open(sealed, "ctx");
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(*opened, plain);
  }
}

TEST(Sealer, SameInputSealsDifferently)
{
  auto s = sealer();
  EXPECT_NE(s.seal("secret"), s.seal("secret"));
}

TEST(Sealer, TamperedCiphertextFails)
{
  auto s = sealer();
  auto sealed = s.seal("the secret", "ctx");
  for (size_t i : {size_t{0}, size_t{13}, sealed.size() - 1}) {
    auto bad = sealed;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    EXPECT_FALSE(s.open(bad, "ctx")) << "byte " << i;
  }
  EXPECT_FALSE(s.open(sealed.substr(0, sealed.size() - 1), "ctx"));
  EXPECT_FALSE(s.open("short", "ctx"));
}

TEST(Sealer, WrongKeyOrContextFails)
{
  auto sealed = sealer().seal("the secret", "ctx");
  EXPECT_FALSE(sealer().open(sealed, "ctx"));
  auto s = sealer();
  auto mine = s.seal("the secret", "credential:1:app_secret");
  EXPECT_FALSE(s.open(mine, "credential:2:app_secret"));
  EXPECT_TRUE(s.open(mine, "credential:1:app_secret"));
}

TEST(Sealer, KeyMustBe32Bytes)
{
  EXPECT_THROW(crypto::Sealer(std::string(16, 'k')), std::invalid_argument);
}

TEST(SealerKeyFile, IsCreated0600AndReused)
{
  test::TempDir dir;
  auto path = dir.file("keys/master.key");
  auto first = crypto::Sealer::from_key_file(path, true);
  ASSERT_TRUE(first) << first.error().message;
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  auto second = crypto::Sealer::from_key_file(path, false);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second->open(first->seal("x"), ""), "x");
}

TEST(SealerKeyFile, RefusesMissingBadOrOpenKeys)
{
  test::TempDir dir;
  EXPECT_FALSE(crypto::Sealer::from_key_file(dir.file("missing.key"), false));
  auto short_key = dir.write("short.key", "too short");
  chmod(short_key.c_str(), 0600);
  EXPECT_FALSE(crypto::Sealer::from_key_file(short_key, false));
  auto open_key = dir.write("open.key", std::string(32, 'k'));
  chmod(open_key.c_str(), 0644);
  auto r = crypto::Sealer::from_key_file(open_key, false);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("readable by others"), std::string::npos);
}
