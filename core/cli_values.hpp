// What the three command lines (sp, idp-mock, harness) read and print alike:
// a TCP port option's check and the --version line. No CLI library here:
// each tool wraps these in its own parser.
#pragma once

#include <string>
#include <string_view>

namespace samlh::core {

// "" when `text` is a port, a whole number from 0 to 65535 (0: any free
// port); else the one message every tool prints for it.
std::string port_problem(const std::string& text);

// "sp (saml-harness) 0.1.0": the tool's name and the project's version.
std::string version_line(std::string_view tool);

}  // namespace samlh::core
