#include "core/leads/lead.hpp"

#include <gtest/gtest.h>

using namespace leadhub::leads;

TEST(Contact, FieldReachesEveryContactField)
{
  Contact contact;
  for (auto name : k_contact_fields) {
    std::string* field = contact.field(name);
    ASSERT_NE(field, nullptr) << name;
    *field = std::string(name) + " value";
  }
  EXPECT_EQ(contact.first_name, "first_name value");
  EXPECT_EQ(contact.job_title, "job_title value");
  EXPECT_EQ(contact.notes, "notes value");
  const Contact& view = contact;
  EXPECT_EQ(*view.field("email"), "email value");
}

TEST(Contact, FieldIsNullForOtherNames)
{
  Contact contact;
  EXPECT_EQ(contact.field("full_name"), nullptr);
  EXPECT_EQ(contact.field("First_Name"), nullptr);
  EXPECT_EQ(contact.field(""), nullptr);
}
