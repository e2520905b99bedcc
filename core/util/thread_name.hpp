// Names for leadhubd's threads, so that `top -H` and `ps -L` show which one is busy.
#pragma once

#include <string>

namespace leadhub::util {

// Names the calling thread; Linux keeps at most 15 bytes of it.
void name_this_thread(const char* name);
// The calling thread's name.
std::string this_thread_name();

} // namespace leadhub::util
