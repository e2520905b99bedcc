// Builds the Delivery a platform's POST would make, for the sources tests.
#pragma once

#include "core/sources/source.hpp"
#include "core/util/strings.hpp"

#include <string>
#include <string_view>

namespace leadhub::test {

// A POST with `content_type_header` (parameters included) and the exact bytes of `body`.
inline sources::Delivery post(std::string_view content_type_header, std::string body)
{
  sources::Delivery delivery;
  delivery.method = "POST";
  delivery.content_type_header = content_type_header;
  delivery.content_type = util::to_lower(util::trim(content_type_header.substr(0, content_type_header.find(';'))));
  delivery.body = std::move(body);
  delivery.received_unix = 1795723200;
  return delivery;
}

} // namespace leadhub::test
