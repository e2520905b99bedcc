#include "core/util/time.hpp"

#include <gtest/gtest.h>

using namespace leadhub::util;

TEST(Time, FormatsIso8601Utc) { EXPECT_EQ(iso8601(1795723200), "2026-11-26T20:00:00Z"); }

TEST(Time, EachSecondIsFormattedAfreshThoughTheLastIsRemembered)
{
  EXPECT_EQ(iso8601(1795723200), "2026-11-26T20:00:00Z");
  EXPECT_EQ(iso8601(1795723200), "2026-11-26T20:00:00Z");
  EXPECT_EQ(iso8601(1795723201), "2026-11-26T20:00:01Z");
  EXPECT_EQ(iso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso8601(1795723201), "2026-11-26T20:00:01Z");
}

TEST(Time, ParsesDatesAndTimes)
{
  EXPECT_EQ(parse_time("2026-11-26T20:00:00Z"), 1795723200);
  EXPECT_EQ(parse_time("2026-11-26"), 1795651200);
  EXPECT_EQ(parse_time("2026-11-26T20:00Z"), 1795723200);
  EXPECT_FALSE(parse_time("yesterday"));
  EXPECT_FALSE(parse_time("2026-13-01"));
}
