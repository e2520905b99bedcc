#include "core/store/store.hpp"

namespace leadhub::store {

Result<std::unique_ptr<Store>> open_store(const std::string& db_path, const std::string& key_path,
                                          const OpenOptions& options)
{
  auto sealer = crypto::Sealer::from_key_file(key_path, options.create && !options.read_only);
  if (!sealer)
    return sealer.error();
  auto db = open_database(db_path, options);
  return std::make_unique<Store>(std::move(db), std::move(*sealer));
}

} // namespace leadhub::store
