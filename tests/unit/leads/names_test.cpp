#include "core/leads/names.hpp"

#include <gtest/gtest.h>

using leadhub::leads::split_full_name;
using Names = std::pair<std::string, std::string>;

TEST(SplitFullName, LastTokenIsTheLastName)
{
  EXPECT_EQ(split_full_name("Mary Ann O'Neill"), (Names{"Mary Ann", "O'Neill"}));
  EXPECT_EQ(split_full_name("Jane Doe"), (Names{"Jane", "Doe"}));
}

TEST(SplitFullName, SingleTokenIsAFirstName)
{
  EXPECT_EQ(split_full_name("Cher"), (Names{"Cher", ""}));
  EXPECT_EQ(split_full_name("  Cher \t"), (Names{"Cher", ""}));
}

TEST(SplitFullName, OneCommaMeansLastFirst)
{
  EXPECT_EQ(split_full_name("Doe, Jane"), (Names{"Jane", "Doe"}));
  EXPECT_EQ(split_full_name("O'Neill,  Mary   Ann"), (Names{"Mary Ann", "O'Neill"}));
}

TEST(SplitFullName, CommaWithOneSideEmptyLeavesAFirstName)
{
  EXPECT_EQ(split_full_name("Doe,"), (Names{"Doe", ""}));
  EXPECT_EQ(split_full_name(", Jane"), (Names{"Jane", ""}));
}

TEST(SplitFullName, TwoCommasAreNotLastFirst)
{
  EXPECT_EQ(split_full_name("Doe, Jane, PhD"), (Names{"Doe, Jane,", "PhD"}));
}

TEST(SplitFullName, TrimsAndCollapsesWhitespace)
{
  EXPECT_EQ(split_full_name("  Mary \t Ann\n  O'Neill  "), (Names{"Mary Ann", "O'Neill"}));
  EXPECT_EQ(split_full_name("   "), (Names{"", ""}));
  EXPECT_EQ(split_full_name(""), (Names{"", ""}));
}

TEST(SplitFullName, KeepsUtf8Intact) { EXPECT_EQ(split_full_name("José Ñúñez"), (Names{"José", "Ñúñez"})); }
