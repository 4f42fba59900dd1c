// libFuzzer target for the SCIM protocol core: the first byte picks the
// input kind (0: a filter and a PATCH path, 1: a PATCH body read, parsed and
// applied to a user and a group, 2: the startIndex&count pair); the rest is
// the untrusted text. Nothing may crash, leak, hang or recurse unbounded.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sp/scim/body.hpp"
#include "sp/scim/filter.hpp"
#include "sp/scim/list.hpp"
#include "sp/scim/patch.hpp"

namespace {

using samlh::sp::scim::ResourceKind;
using json = nlohmann::json;

const json& user() {
  static const json doc = json::parse(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"u1",
    "userName":"a@example.com","active":true,"name":{"givenName":"A"},
    "emails":[{"value":"a@example.com","type":"work","primary":true}],"meta":{"resourceType":"User"}})");
  return doc;
}

const json& group() {
  static const json doc = json::parse(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1",
    "displayName":"G","members":[{"value":"u1"}],"meta":{"resourceType":"Group"}})");
  return doc;
}

void filter_and_path(std::string_view text) {
  namespace scim = samlh::sp::scim;
  if (auto f = scim::parse_filter(text)) {
    for (ResourceKind kind : {ResourceKind::user, ResourceKind::group}) {
      (void)scim::check_filter(*f, kind);
      (void)scim::matches(*f, kind == ResourceKind::user ? user() : group(), kind);
    }
  }
  (void)scim::parse_path(text);
}

void patch(std::string_view text) {
  namespace scim = samlh::sp::scim;
  auto body = scim::parse_body(text);
  if (!body) {
    (void)scim::render(scim::error_body(body.failure()));
    return;
  }
  auto request = scim::parse_patch(*body);
  if (!request) return;
  (void)scim::apply_patch(user(), *request, ResourceKind::user);
  (void)scim::apply_patch(group(), *request, ResourceKind::group);
}

void page(std::string_view text) {
  namespace scim = samlh::sp::scim;
  const auto amp = text.find('&');
  auto p = scim::parse_page(text.substr(0, amp), amp == std::string_view::npos ? std::nullopt
                                                                                : std::optional(text.substr(amp + 1)));
  if (p) (void)scim::slice(*p, 1000);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: filter_and_path(text); break;
    case 1: patch(text); break;
    default: page(text); break;
  }
  return 0;
}
