#include "core/crypto/sealer.hpp"

#include "core/crypto/crypto.hpp"

#include <openssl/evp.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace leadhub::crypto {

namespace {

constexpr size_t k_key_size = 32;
constexpr size_t k_nonce_size = 12;
constexpr size_t k_tag_size = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx new_ctx() { return CipherCtx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free); }

// Fetched once: with OpenSSL 3, EVP_aes_256_gcm() makes every init look the cipher up again
// under a global lock, which showed up as contention when many threads unseal at once.
const EVP_CIPHER* aes_256_gcm()
{
  static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return cipher ? cipher : EVP_aes_256_gcm();
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

Result<std::string> read_key(const std::string& path)
{
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return fail(Errc::failure, "cannot read master key file '" + path + "': " + std::strerror(errno));
  struct stat st{};
  fstat(fd, &st);
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    return fail(Errc::failure, "master key file '" + path + "' is readable by others",
                "run 'chmod 600 " + path + "'");
  }
  std::string key(k_key_size + 1, '\0');
  ssize_t n = ::read(fd, key.data(), key.size());
  ::close(fd);
  if (n != static_cast<ssize_t>(k_key_size))
    return fail(Errc::failure, "master key file '" + path + "' is not a 32-byte key");
  key.resize(k_key_size);
  return key;
}

Result<void> create_key(const std::string& path)
{
  auto dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty())
    std::filesystem::create_directories(dir, ec);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) // another process created it first
      return {};
    return fail(Errc::failure, "cannot create master key file '" + path + "': " + std::strerror(errno));
  }
  std::string key = random_bytes(k_key_size);
  bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return fail(Errc::failure, "cannot write master key file '" + path + "'");
  }
  return {};
}

} // namespace

Sealer::Sealer(std::string key) : m_key(std::move(key))
{
  if (m_key.size() != k_key_size)
    throw std::invalid_argument("master key must be 32 bytes");
}

Result<Sealer> Sealer::from_key_file(const std::string& path, bool create)
{
  if (create && !std::filesystem::exists(path)) {
    if (auto r = create_key(path); !r)
      return r.error();
  }
  auto key = read_key(path);
  if (!key)
    return key.error();
  return Sealer(std::move(*key));
}

std::string Sealer::seal(std::string_view plaintext, std::string_view context) const
{
  std::string nonce = random_bytes(k_nonce_size);
  std::string out = nonce;
  out.resize(k_nonce_size + plaintext.size() + k_tag_size);
  auto* ct = reinterpret_cast<unsigned char*>(out.data() + k_nonce_size);
  auto ctx = new_ctx();
  int len = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), aes_256_gcm(), nullptr, bytes(m_key), bytes(nonce)) != 1
      || EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(context), static_cast<int>(context.size())) != 1
      || EVP_EncryptUpdate(ctx.get(), ct, &len, bytes(plaintext), static_cast<int>(plaintext.size())) != 1
      || EVP_EncryptFinal_ex(ctx.get(), ct + len, &len) != 1
      || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, k_tag_size, ct + plaintext.size()) != 1)
    throw std::runtime_error("AES-256-GCM encryption failed");
  return out;
}

Result<std::string> Sealer::open(std::string_view sealed, std::string_view context) const
{
  if (sealed.size() < k_nonce_size + k_tag_size)
    return fail(Errc::failure, "sealed secret is truncated");
  auto nonce = sealed.substr(0, k_nonce_size);
  auto body = sealed.substr(k_nonce_size, sealed.size() - k_nonce_size - k_tag_size);
  std::string tag(sealed.substr(sealed.size() - k_tag_size));
  std::string out(body.size(), '\0');
  auto ctx = new_ctx();
  int len = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), aes_256_gcm(), nullptr, bytes(m_key), bytes(nonce)) == 1
            && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(context), static_cast<int>(context.size())) == 1
            && EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, bytes(body),
                                 static_cast<int>(body.size())) == 1
            && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, k_tag_size, tag.data()) == 1
            && EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + len, &len) == 1;
  if (!ok)
    return fail(Errc::failure, "sealed secret does not open under this master key (wrong key or tampered data)");
  return out;
}

} // namespace leadhub::crypto
