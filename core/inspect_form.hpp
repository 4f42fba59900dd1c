// The POST binding's page for a class (demo mode): the same form
// core::auto_post_form makes, but not sent on load. It shows where it goes
// and each field, a SAMLResponse or SAMLRequest base64-decoded to its XML,
// everything escaped, above a visible button (id "post-continue").
#pragma once

#include <string>
#include <string_view>

#include "core/bindings.hpp"

namespace samlh::core {

std::string inspect_post_form(std::string_view action, const FormFields& fields, std::string_view title = "Continue");

}  // namespace samlh::core
