#include "core/util/thread_name.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>

using leadhub::util::name_this_thread;
using leadhub::util::this_thread_name;

TEST(ThreadName, NamesTheCallingThreadOnly)
{
  auto mine = this_thread_name();
  std::string seen;
  std::thread([&] {
    name_this_thread("lh-test");
    seen = this_thread_name();
  }).join();
  EXPECT_EQ(seen, "lh-test");
  EXPECT_EQ(this_thread_name(), mine);
}

TEST(ThreadName, KeepsTheFirstFifteenBytesOfALongName)
{
  std::string seen;
  std::thread([&] {
    name_this_thread("lh-a-name-longer-than-fifteen-bytes");
    seen = this_thread_name();
  }).join();
  EXPECT_EQ(seen, "lh-a-name-longe");
}
