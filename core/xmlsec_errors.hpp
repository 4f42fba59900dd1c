// xmlsec reports errors through one global callback. We keep the most recent
// messages per thread so a failed call can put them in a trace's private
// detail, and nothing reaches stderr.
#pragma once

#include <string>

namespace samlh::core {

void install_xmlsec_error_capture();

// Clears this thread's captured xmlsec errors.
void clear_xmlsec_errors();
// The errors captured on this thread since the last clear, "; "-joined.
std::string take_xmlsec_errors();

}  // namespace samlh::core
