#include "core/cli_values.hpp"

namespace samlh::core {

std::string port_problem(const std::string& text) {
  const bool digits = !text.empty() && text.size() <= 5 && text.find_first_not_of("0123456789") == std::string::npos;
  if (digits && std::stoi(text) <= 65535) return "";
  return "a port is a whole number from 0 to 65535 (0: any free port), not '" + text + "'";
}

std::string version_line(std::string_view tool) { return std::string(tool) + " (saml-harness) " SAMLH_VERSION; }

}  // namespace samlh::core
