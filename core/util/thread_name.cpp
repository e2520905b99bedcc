#include "core/util/thread_name.hpp"

#include <pthread.h>

#include <array>

namespace leadhub::util {

void name_this_thread(const char* name)
{
  std::array<char, 16> truncated{};
  for (size_t i = 0; i + 1 < truncated.size() && name[i] != '\0'; ++i)
    truncated[i] = name[i];
  pthread_setname_np(pthread_self(), truncated.data());
}

std::string this_thread_name()
{
  std::array<char, 16> name{};
  if (pthread_getname_np(pthread_self(), name.data(), name.size()) != 0)
    return {};
  return name.data();
}

} // namespace leadhub::util
