// The IdP inspector's pages (`idp-mock serve --demo`): the responses it
// issued, each with what it signed and why, and a metadata viewer. Every
// value taken from a message, the directory or the configuration is
// HTML-escaped here (core/xml_view.hpp for the XML itself); no key or
// password is ever shown.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "idp-mock/server/demo_log.hpp"

namespace samlh::idp::demo_pages {

struct MetadataLink {
  std::string app;    // config name
  std::string label;  // shown
};

std::string responses(const std::vector<const IssuedResponse*>& recent, std::size_t capacity,
                      const std::vector<MetadataLink>& apps);
std::string response(const IssuedResponse& r);
std::string metadata(const std::string& label, const std::string& raw_url, const std::string& xml);
std::string not_found(const std::string& message);

}  // namespace samlh::idp::demo_pages
