// In-process runs of the with_scim variant (issue 20, a what-if: Hotjar
// offers no SCIM, okta-hotjar.md E.4): idp-mock's SCIM client sends its
// requests here instead of over HTTP, and they reach the SP's SCIM service
// (sp/accounts/scim_service.hpp) as the route would hand them over. The
// harness owns this adapter so idp-mock never includes the SP
// (scripts/check-layering).
#pragma once

#include <mutex>

#include "idp-mock/server/scim_client.hpp"

namespace samlh::sp {
class ScimService;
}

namespace samlh::harness {

class InProcessScim final : public idp::ScimTransport {
 public:
  // Until bind(), and after unbind(), every request is a transport error.
  void bind(sp::ScimService* service);
  void unbind() { bind(nullptr); }
  core::http::ClientResponse request(std::string_view method, const core::http::Url& url,
                                     const core::http::Headers& headers, const std::string& body) override;

 private:
  std::mutex mu_;  // held while a request runs, so unbind() waits for it
  sp::ScimService* service_ = nullptr;
  unsigned long next_id_ = 1;
};

}  // namespace samlh::harness
