#include "core/leads/lead.hpp"

#include <utility>

namespace leadhub::leads {

namespace {

// In the order of k_contact_fields.
constexpr std::pair<std::string_view, std::string Contact::*> k_members[] = {
    {"first_name", &Contact::first_name},
    {"last_name", &Contact::last_name},
    {"email", &Contact::email},
    {"phone", &Contact::phone},
    {"company", &Contact::company},
    {"job_title", &Contact::job_title},
    {"city", &Contact::city},
    {"country", &Contact::country},
    {"notes", &Contact::notes},
};
static_assert(std::size(k_members) == k_contact_fields.size());

} // namespace

std::string* Contact::field(std::string_view name)
{
  return const_cast<std::string*>(std::as_const(*this).field(name));
}

const std::string* Contact::field(std::string_view name) const
{
  for (const auto& [field_name, member] : k_members)
    if (field_name == name)
      return &(this->*member);
  return nullptr;
}

} // namespace leadhub::leads
