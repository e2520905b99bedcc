// Sealing secrets at rest: AES-256-GCM under the master key file (created 0600, never in the db).
#pragma once

#include "core/util/result.hpp"

#include <string>
#include <string_view>

namespace leadhub::crypto {

class Sealer {
public:
  // Uses a 32-byte key; throws std::invalid_argument on another length.
  explicit Sealer(std::string key);

  // Loads the key file at `path`, creating it (0600, and its directory) when `create` and missing.
  // Fails when the file is unreadable, has the wrong size, or is readable by others.
  static Result<Sealer> from_key_file(const std::string& path, bool create);

  // nonce(12) | ciphertext | tag(16); `context` is bound as associated data.
  std::string seal(std::string_view plaintext, std::string_view context = {}) const;
  // The plaintext; fails when the blob was tampered with, sealed under another key or context.
  Result<std::string> open(std::string_view sealed, std::string_view context = {}) const;

private:
  std::string m_key;
};

} // namespace leadhub::crypto
