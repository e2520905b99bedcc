#include "core/store/config_version.hpp"

namespace leadhub::store {

int64_t config_version(Store& store)
{
  auto st = store.cached("SELECT version FROM config_version WHERE id = 1");
  return st->executeStep() ? st->getColumn(0).getInt64() : 0;
}

} // namespace leadhub::store
