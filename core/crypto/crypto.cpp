#include "core/crypto/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <memory>
#include <stdexcept>

namespace leadhub::crypto {

std::string random_bytes(size_t n)
{
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw std::runtime_error("the random number generator failed");
  return out;
}

std::string random_token(size_t length)
{
  static constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    for (unsigned char c : random_bytes(length)) {
      // 62 * 4 = 248: rejecting bytes >= 248 keeps every character equally likely.
      if (c < 248 && out.size() < length)
        out += alphabet[c % 62];
    }
  }
  return out;
}

std::string sha256(std::string_view data)
{
  // Fetched once: OpenSSL 3's one-shot SHA256() looks the digest up on every call, and this runs
  // on every delivery. The context is kept per thread too (EVP_Digest makes and frees one per call).
  static EVP_MD* digest = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex2(ctx.get(), digest ? digest : EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 || EVP_DigestFinal_ex(ctx.get(), md, &len) != 1)
    throw std::runtime_error("SHA-256 failed");
  return std::string(reinterpret_cast<char*>(md), len);
}

namespace {
std::string hmac(const EVP_MD* md, std::string_view key, std::string_view data)
{
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}
} // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) { return hmac(EVP_sha256(), key, data); }
std::string hmac_sha1(std::string_view key, std::string_view data) { return hmac(EVP_sha1(), key, data); }

bool constant_time_equal(std::string_view a, std::string_view b)
{
  if (a.size() != b.size())
    return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string base64_encode(std::string_view bytes)
{
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string base64_decode(std::string_view text)
{
  std::string in(text);
  for (auto& c : in) {
    if (c == '-')
      c = '+';
    else if (c == '_')
      c = '/';
  }
  while (in.size() % 4 != 0)
    in += '=';
  if (in.empty())
    return {};
  std::string out(3 * in.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0)
    return {};
  size_t pad = 0;
  for (size_t i = in.size(); i > 0 && in[i - 1] == '='; --i)
    ++pad;
  out.resize(static_cast<size_t>(n) - std::min<size_t>(pad, static_cast<size_t>(n)));
  return out;
}

} // namespace leadhub::crypto
