// Every error body and ListResponse this library builds is accepted by an
// independent implementation: tests/interop/scim/scim_validate.mjs checks
// them against SCIMMY's definitions (SCIMMY.Messages.Error, ListResponse,
// Schemas.User/Group). A deliberately wrong document proves the check can
// fail. Needs node and the peer's node_modules (scripts/setup).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sp/scim/error.hpp"
#include "sp/scim/list.hpp"
#include "sp/scim/patch.hpp"
#include "tests/support/process.hpp"

namespace samlh::sp::scim {
namespace {

using json = nlohmann::json;

test::ProcessResult validate(const std::vector<json>& docs) {
  std::string lines;
  for (const json& d : docs) lines += render(d) + "\n";
  return test::run_process({SAMLH_NODE, SAMLH_SCIM_VALIDATOR, "--jsonl", "-"}, lines);
}

// A user as the SP would return it after Okta's create and a PATCH.
json provisioned_user() {
  const json created = json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "23a35c27-23d3-4c03-b4c5-6443c09e7173",
    "externalId": "00ujl29u0le5T6Aj10h7", "userName": "test.user@okta.local",
    "name": {"givenName": "Test", "familyName": "User"}, "displayName": "Test User", "locale": "en-US",
    "emails": [{"primary": true, "value": "test.user@okta.local", "type": "work", "display": "test.user@okta.local"}],
    "active": true, "groups": [], "meta": {"resourceType": "User", "created": "2019-09-10T02:02:58Z",
    "lastModified": "2019-09-10T02:02:58Z", "location": "https://sp.example/scim/v2/acme/Users/23a35c27"}})");
  auto request = parse_patch(json::parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations":[{"op":"replace","value":{"active":false}},
                  {"op":"add","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Tours"}}}]})"));
  EXPECT_TRUE(request.ok());
  auto out = apply_patch(created, *request, ResourceKind::user);
  EXPECT_TRUE(out.ok());
  return out.ok() ? out->resource : json();
}

json pushed_group() {
  return json::parse(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"abf4dd94",
    "displayName":"Test SCIMv2","members":[{"value":"23a35c27-23d3-4c03-b4c5-6443c09e7173","display":"test.user@okta.local"}],
    "meta":{"resourceType":"Group"}})");
}

TEST(ScimValidateInterop, EveryErrorBodyIsAValidScimError) {
  std::vector<json> docs;
  for (ErrorCode c : all_error_codes()) docs.push_back(error_body(make_error(c, "detail from the library")));
  const auto r = validate(docs);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(static_cast<std::size_t>(std::count(r.out.begin(), r.out.end(), '\n')), docs.size()) << r.out;
}

TEST(ScimValidateInterop, ListResponsesAndTheirResourcesAreValid) {
  const json user = provisioned_user();
  const std::vector<json> docs{
      list_response({}, 0, PageRequest{1, 100}),  // Okta's look-up, nobody found
      list_response({user}, 1, PageRequest{1, 100}),
      list_response({pushed_group()}, 3, PageRequest{2, 1}),
      list_response({}, 250, PageRequest{1, 0}),  // count=0: totalResults only
      user,
  };
  const auto r = validate(docs);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(ScimValidateInterop, TheValidatorRejectsAWrongDocument) {
  json wrong = error_body(make_error(ErrorCode::filter_syntax));
  wrong["status"] = 400;  // a number: RFC 7644 §3.12 wants a string
  auto r = validate({wrong});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  json user = provisioned_user();
  user["password"] = "secret";  // write-only: never in a response
  r = validate({list_response({user}, 1, PageRequest{1, 100})});
  EXPECT_EQ(r.exit_code, 1) << r.out;
}

}  // namespace
}  // namespace samlh::sp::scim
