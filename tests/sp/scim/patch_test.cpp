// PATCH (RFC 7644 §3.5.2): the message parser, every operation's rules, the
// errors, atomicity, and the exact requests Okta sends ([O20]).
#include <gtest/gtest.h>

#include <string>

#include "sp/scim/patch.hpp"

namespace samlh::sp::scim {
namespace {

using json = nlohmann::json;

const json kUser = json::parse(R"({
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
  "id": "23a35c27", "userName": "test.user@okta.local", "active": true,
  "name": {"givenName": "Test", "familyName": "User"},
  "emails": [{"value": "test.user@okta.local", "type": "work", "primary": true},
             {"value": "tu@home.example", "type": "home"}],
  "meta": {"resourceType": "User"}
})");

const json kGroup = json::parse(R"({
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
  "id": "abf4dd94", "displayName": "Test SCIMv2",
  "members": [{"value": "89bb1940", "display": "old@okta.local"}],
  "meta": {"resourceType": "Group"}
})");

json message(const json& operations) {
  return json{{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}}, {"Operations", operations}};
}

// Parses and applies; on failure returns the error code.
Result<PatchOutcome> patch(const json& resource, const json& operations, ResourceKind kind = ResourceKind::user) {
  auto request = parse_patch(message(operations));
  if (!request) return request.failure();
  return apply_patch(resource, *request, kind);
}

ErrorCode error_of(const json& resource, const json& operations, ResourceKind kind = ResourceKind::user) {
  auto r = patch(resource, operations, kind);
  EXPECT_FALSE(r.ok()) << operations.dump();
  return r.ok() ? ErrorCode::internal : r.reason();
}

json applied(const json& resource, const json& operations, ResourceKind kind = ResourceKind::user) {
  auto r = patch(resource, operations, kind);
  EXPECT_TRUE(r.ok()) << operations.dump() << ": " << (r.ok() ? "" : r.failure().detail);
  return r.ok() ? r->resource : json();
}

// --- the message -------------------------------------------------------------

TEST(ScimPatchParse, OperationNamesAreCaseInsensitive) {
  auto r = parse_patch(message(json::parse(R"([{"op":"Replace","path":"active","value":false},
                                               {"op":"ADD","path":"title","value":"x"},
                                               {"OP":"remove","PATH":"title"}])")));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->operations.size(), 3U);
  EXPECT_EQ(r->operations[0].op, PatchOpKind::replace);
  EXPECT_EQ(r->operations[1].op, PatchOpKind::add);
  EXPECT_EQ(r->operations[2].op, PatchOpKind::remove);
}

TEST(ScimPatchParse, MalformedMessagesAreSyntaxErrors) {
  const json op = json::parse(R"({"op":"add","path":"title","value":"x"})");
  for (const json& bad : {json::array(), json("text"),
                          json{{"Operations", json::array({op})}},
                          json{{"schemas", {"urn:ietf:params:scim:api:messages:2.0:Error"}}, {"Operations", json::array({op})}},
                          json{{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp", "x"}}, {"Operations", json::array({op})}},
                          message(json::array()), message(json::object()), message(json::array({json("add")})),
                          message(json::array({json{{"op", "move"}, {"path", "title"}}})),
                          message(json::array({json{{"op", "add"}, {"path", "title"}, {"value", "x"}, {"from", "y"}}})),
                          message(json::array({json{{"op", "add"}, {"Op", "remove"}, {"path", "title"}, {"value", "x"}}})),
                          json{{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}}, {"Operations", json::array({op})},
                               {"extra", 1}}}) {
    auto r = parse_patch(bad);
    ASSERT_FALSE(r.ok()) << bad.dump();
    EXPECT_EQ(r.reason(), ErrorCode::patch_syntax) << bad.dump();
  }
}

TEST(ScimPatchParse, RemoveWithoutPathHasNoTarget) {
  auto r = parse_patch(message(json::array({json{{"op", "remove"}}})));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), ErrorCode::patch_no_target);
}

TEST(ScimPatchParse, AddOrReplaceWithoutValueIsAnInvalidValue) {
  for (std::string op : {"add", "replace"}) {
    auto r = parse_patch(message(json::array({json{{"op", op}, {"path", "title"}}})));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.reason(), ErrorCode::patch_invalid_value);
  }
}

TEST(ScimPatchParse, UnparsablePathsAreInvalidPaths) {
  for (const json& path : {json("members[value eq"), json(""), json(5), json("a..b")}) {
    auto r = parse_patch(message(json::array({json{{"op", "remove"}, {"path", path}}})));
    ASSERT_FALSE(r.ok()) << path.dump();
    EXPECT_EQ(r.reason(), ErrorCode::patch_invalid_path);
  }
}

TEST(ScimPatchParse, TooManyOperations) {
  json ops = json::array();
  for (int i = 0; i < 101; ++i) ops.push_back(json{{"op", "replace"}, {"path", "title"}, {"value", "x"}});
  auto r = parse_patch(message(ops));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), ErrorCode::patch_too_many_operations);
  ops.erase(ops.begin());
  EXPECT_TRUE(parse_patch(message(ops)).ok());
}

// --- Okta's requests ([O20]) ---------------------------------------------------

TEST(ScimPatchOkta, DeactivateWithAPathlessReplace) {
  const json out = applied(kUser, json::parse(R"([{"op":"replace","value":{"active":false}}])"));
  EXPECT_EQ(out["active"], false);
  json expected = kUser;
  expected["active"] = false;
  EXPECT_EQ(out, expected);
  EXPECT_EQ(applied(out, json::parse(R"([{"op":"replace","value":{"active":true}}])")), kUser);
}

TEST(ScimPatchOkta, GroupMembershipRemoveThenAddInOneRequest) {
  const json out = applied(kGroup, json::parse(R"([
    {"op":"remove","path":"members[value eq \"89bb1940\"]"},
    {"op":"add","path":"members","value":[{"value":"23a35c27","display":"test.user@okta.local"}]}])"),
                           ResourceKind::group);
  EXPECT_EQ(out["members"], json::parse(R"([{"value":"23a35c27","display":"test.user@okta.local"}])"));
}

TEST(ScimPatchOkta, GroupRenameCarryingItsOwnIdIsNoMutability) {
  const json out = applied(kGroup, json::parse(R"([{"op":"replace","value":{"id":"abf4dd94","displayName":"Renamed"}}])"),
                           ResourceKind::group);
  EXPECT_EQ(out["displayName"], "Renamed");
  EXPECT_EQ(out["id"], "abf4dd94");
  EXPECT_EQ(error_of(kGroup, json::parse(R"([{"op":"replace","value":{"id":"other","displayName":"R"}}])"),
                     ResourceKind::group),
            ErrorCode::patch_mutability);
}

TEST(ScimPatchOkta, FullMembershipPushReplacesTheList) {
  const json out = applied(kGroup, json::parse(R"([{"op":"replace","path":"members","value":[
    {"value":"23a35c27","display":"a"},{"value":"11111111","display":"b"}]}])"),
                           ResourceKind::group);
  ASSERT_EQ(out["members"].size(), 2U);
  EXPECT_EQ(out["members"][1]["value"], "11111111");
}

// --- add (§3.5.2.1) -------------------------------------------------------------

TEST(ScimPatchAdd, SingleValuedAttributesAreSetOrReplaced) {
  EXPECT_EQ(applied(kUser, json::parse(R"([{"op":"add","path":"title","value":"Tour Guide"}])"))["title"], "Tour Guide");
  EXPECT_EQ(applied(kUser, json::parse(R"([{"op":"add","path":"userName","value":"new@okta.local"}])"))["userName"],
            "new@okta.local");
}

TEST(ScimPatchAdd, ComplexValuesMergeTheirSubAttributes) {
  const json out = applied(kUser, json::parse(R"([{"op":"add","path":"name","value":{"middleName":"Excited"}}])"));
  EXPECT_EQ(out["name"], json::parse(R"({"givenName":"Test","familyName":"User","middleName":"Excited"})"));
  EXPECT_EQ(applied(kUser, json::parse(R"([{"op":"add","path":"name.givenName","value":"Another"}])"))["name"]["givenName"],
            "Another");
}

TEST(ScimPatchAdd, MultiValuedAttributesAppendNewValuesOnly) {
  json out = applied(kGroup, json::parse(R"([{"op":"add","path":"members","value":[{"value":"89bb1940"},{"value":"u2"}]}])"),
                     ResourceKind::group);
  ASSERT_EQ(out["members"].size(), 2U);  // 89bb1940 was already a member
  EXPECT_EQ(out["members"][1]["value"], "u2");
  out = applied(kGroup, json::parse(R"([{"op":"add","path":"members","value":{"value":"u3"}}])"), ResourceKind::group);
  EXPECT_EQ(out["members"].size(), 2U);  // a single object is one new value
}

TEST(ScimPatchAdd, PathlessAddSetsEachAttribute) {
  const json out = applied(kUser, json::parse(R"([{"op":"add","value":{"title":"T","emails":[{"value":"x@y.z","type":"other"}],
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Tours"}}}])"));
  EXPECT_EQ(out["title"], "T");
  EXPECT_EQ(out["emails"].size(), 3U);
  EXPECT_EQ(out["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["department"], "Tours");
  EXPECT_EQ(out["schemas"], json::parse(R"(["urn:ietf:params:scim:schemas:core:2.0:User",
                                              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"])"));
}

TEST(ScimPatchAdd, UrnQualifiedNamesInAPathlessValue) {
  const json out = applied(kUser, json::parse(R"([{"op":"replace","value":{
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Ops",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value":"m1"}}])"));
  const json& ext = out["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
  EXPECT_EQ(ext["department"], "Ops");
  EXPECT_EQ(ext["manager"]["value"], "m1");
}

TEST(ScimPatchAdd, ANewPrimaryValueDemotesTheOthers) {
  const json out = applied(kUser, json::parse(R"([{"op":"add","path":"emails","value":[{"value":"n@x.y","primary":true}]}])"));
  EXPECT_EQ(out["emails"][0]["primary"], false);
  EXPECT_EQ(out["emails"][2]["primary"], true);
  EXPECT_EQ(error_of(kUser, json::parse(R"([{"op":"add","path":"emails","value":[{"value":"a@x","primary":true},
                                                                                    {"value":"b@x","primary":true}]}])")),
            ErrorCode::patch_invalid_value);
}

// --- replace (§3.5.2.3) ---------------------------------------------------------

TEST(ScimPatchReplace, FilteredSubAttribute) {
  const json out = applied(kUser, json::parse(R"([{"op":"replace","path":"emails[type eq \"work\"].value","value":"w@okta.local"}])"));
  EXPECT_EQ(out["emails"][0]["value"], "w@okta.local");
  EXPECT_EQ(out["emails"][1]["value"], "tu@home.example");
}

TEST(ScimPatchReplace, FilteredValueReplacesTheMatchingRecords) {
  const json out = applied(kUser, json::parse(R"([{"op":"replace","path":"emails[type eq \"home\"]","value":{"value":"h@x.y","type":"home"}}])"));
  EXPECT_EQ(out["emails"][1], json::parse(R"({"value":"h@x.y","type":"home"})"));
}

TEST(ScimPatchReplace, AFilterMatchingNothingHasNoTarget) {
  EXPECT_EQ(error_of(kUser, json::parse(R"([{"op":"replace","path":"emails[type eq \"other\"].value","value":"x"}])")),
            ErrorCode::patch_no_target);
  EXPECT_EQ(error_of(kUser, json::parse(R"([{"op":"replace","path":"phoneNumbers[type eq \"work\"].value","value":"1"}])")),
            ErrorCode::patch_no_target);
}

TEST(ScimPatchReplace, AnAbsentAttributeIsAdded) {
  EXPECT_EQ(applied(kUser, json::parse(R"([{"op":"replace","path":"nickName","value":"Babs"}])"))["nickName"], "Babs");
}

TEST(ScimPatchReplace, NullUnassigns) {
  const json out = applied(kUser, json::parse(R"([{"op":"replace","path":"name.givenName","value":null}])"));
  EXPECT_FALSE(out["name"].contains("givenName"));
}

// --- remove (§3.5.2.2) ----------------------------------------------------------

TEST(ScimPatchRemove, AttributeSubAttributeAndFilteredValues) {
  json out = applied(kUser, json::parse(R"([{"op":"remove","path":"name.familyName"}])"));
  EXPECT_EQ(out["name"], json::parse(R"({"givenName":"Test"})"));
  out = applied(kUser, json::parse(R"([{"op":"remove","path":"emails[type eq \"home\"]"}])"));
  EXPECT_EQ(out["emails"].size(), 1U);
  out = applied(kUser, json::parse(R"([{"op":"remove","path":"emails"}])"));
  EXPECT_FALSE(out.contains("emails"));
  out = applied(kUser, json::parse(R"([{"op":"remove","path":"emails.type"}])"));
  EXPECT_FALSE(out["emails"][0].contains("type"));
  out = applied(kGroup, json::parse(R"([{"op":"remove","path":"members[value eq \"89bb1940\"]"}])"), ResourceKind::group);
  EXPECT_FALSE(out.contains("members"));  // no value left: unassigned
}

TEST(ScimPatchRemove, RemovingWhatIsAbsentChangesNothing) {
  auto r = patch(kUser, json::parse(R"([{"op":"remove","path":"title"}])"));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->changed);
  EXPECT_EQ(r->resource, kUser);
  EXPECT_EQ(error_of(kGroup, json::parse(R"([{"op":"remove","path":"members[value eq \"nobody\"]"}])"), ResourceKind::group),
            ErrorCode::patch_no_target);
}

TEST(ScimPatchRemove, RequiredAttributesStay) {
  EXPECT_EQ(error_of(kUser, json::parse(R"([{"op":"remove","path":"userName"}])")), ErrorCode::patch_invalid_value);
  EXPECT_EQ(error_of(kGroup, json::parse(R"([{"op":"replace","value":{"displayName":null}}])"), ResourceKind::group),
            ErrorCode::patch_invalid_value);
}

// --- errors -------------------------------------------------------------------

TEST(ScimPatchErrors, UnknownPathsAreInvalidPaths) {
  for (const char* path : {"nickname2", "name.nickname", "urn:example:x:1.0:User:title", "emails[kind eq \"x\"]",
                           "title[value eq \"x\"]", "emails[type eq \"work\"].nothing"}) {
    EXPECT_EQ(error_of(kUser, json::array({json{{"op", "replace"}, {"path", path}, {"value", "x"}}})), ErrorCode::patch_invalid_path)
        << path;
  }
  EXPECT_EQ(error_of(kUser, json::parse(R"([{"op":"add","path":"emails.value","value":"x"}])")),
            ErrorCode::patch_invalid_path);
}

TEST(ScimPatchErrors, ValuesOfTheWrongShapeAreInvalidValues) {
  for (const char* ops : {R"([{"op":"replace","path":"active","value":"False"}])",
                          R"([{"op":"replace","value":{"unknownAttr":1}}])",
                          R"([{"op":"replace","value":"active"}])",
                          R"([{"op":"add","path":"emails","value":[{"value":"a","colour":"red"}]}])",
                          R"([{"op":"add","path":"emails","value":["a@b"]}])",
                          R"([{"op":"replace","path":"name","value":"Test User"}])",
                          R"([{"op":"replace","path":"emails","value":{"value":"a"}}])",
                          R"([{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":"x"}}])"}) {
    EXPECT_EQ(error_of(kUser, json::parse(ops)), ErrorCode::patch_invalid_value) << ops;
  }
}

TEST(ScimPatchErrors, ReadOnlyAndImmutableAttributesRefuseChange) {
  EXPECT_EQ(error_of(kUser, json::parse(R"([{"op":"replace","path":"id","value":"x"}])")), ErrorCode::patch_mutability);
  EXPECT_EQ(error_of(kUser, json::parse(R"([{"op":"remove","path":"id"}])")), ErrorCode::patch_mutability);
  EXPECT_EQ(error_of(kUser, json::parse(R"([{"op":"replace","path":"meta.resourceType","value":"Group"}])")),
            ErrorCode::patch_mutability);
  EXPECT_EQ(error_of(kUser, json::parse(R"([{"op":"add","path":"groups","value":[{"value":"g"}]}])")),
            ErrorCode::patch_mutability);
  EXPECT_EQ(error_of(kGroup, json::parse(R"([{"op":"replace","path":"members[value eq \"89bb1940\"].value","value":"x"}])"),
                     ResourceKind::group),
            ErrorCode::patch_mutability);
  // The same value again is no change.
  EXPECT_TRUE(patch(kUser, json::parse(R"([{"op":"replace","path":"id","value":"23a35c27"}])")).ok());
}

// --- atomicity ------------------------------------------------------------------

TEST(ScimPatchAtomicity, AFailingLaterOperationLeavesTheResourceUntouched) {
  const json before = kUser;
  for (const char* ops : {R"([{"op":"replace","path":"active","value":false},{"op":"replace","path":"nope","value":1}])",
                          R"([{"op":"remove","path":"emails"},{"op":"replace","path":"id","value":"x"}])",
                          R"([{"op":"add","path":"title","value":"T"},{"op":"remove","path":"emails[type eq \"x\"]"}])"}) {
    auto request = parse_patch(message(json::parse(ops)));
    ASSERT_TRUE(request.ok());
    const json resource = kUser;
    auto r = apply_patch(resource, *request, ResourceKind::user);
    EXPECT_FALSE(r.ok()) << ops;
    EXPECT_EQ(resource, before) << ops;
  }
}

TEST(ScimPatchAtomicity, ErrorsNameTheFailingOperation) {
  auto r = patch(kUser, json::parse(R"([{"op":"replace","path":"title","value":"T"},{"op":"replace","path":"nope","value":1}])"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().detail.rfind("operation 2:", 0), 0U) << r.failure().detail;
}

TEST(ScimPatchApply, ChangedReportsWhetherAnythingChanged) {
  auto same = patch(kUser, json::parse(R"([{"op":"replace","path":"active","value":true}])"));
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same->changed);
  auto other = patch(kUser, json::parse(R"([{"op":"replace","path":"active","value":false}])"));
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->changed);
}

}  // namespace
}  // namespace samlh::sp::scim
