// Request bodies are read under a byte and a nesting limit, and malformed
// JSON is a typed error, before any other code sees the document.
#include <gtest/gtest.h>

#include <string>

#include "sp/scim/body.hpp"

namespace samlh::sp::scim {
namespace {

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(ScimBody, WellFormedJsonParses) {
  auto doc = parse_body(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]})");
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(doc->contains("Operations"));
}

TEST(ScimBody, MalformedJsonIsInvalidSyntax) {
  for (std::string_view bad : {"", "{", "{\"a\":}", "[1,]", "{'a':1}", "{\"a\":1} trailing", "nul",
                               "{\"a\":\"\xC3\x28\"}", "{\"a\":\"\xED\xA0\x80\"}"}) {
    auto doc = parse_body(bad);
    ASSERT_FALSE(doc.ok()) << bad;
    EXPECT_EQ(doc.reason(), ErrorCode::request_malformed_json) << bad;
    EXPECT_EQ(scim_type(doc.reason()), ScimType::invalid_syntax);
  }
}

TEST(ScimBody, NestingIsBounded) {
  EXPECT_TRUE(parse_body(nested(32)).ok());
  auto deep = parse_body(nested(33));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.reason(), ErrorCode::request_malformed_json);
  // A hostile depth stops at the limit: no recursion ever sees it.
  auto hostile = parse_body(std::string(500000, '['), BodyLimits{1 << 20, 32});
  ASSERT_FALSE(hostile.ok());
  EXPECT_NE(hostile.failure().detail.find("nested deeper than 32"), std::string::npos);
}

TEST(ScimBody, OversizedBodiesAreRefusedUnread) {
  const std::string big = "\"" + std::string(100, 'a') + "\"";
  auto doc = parse_body(big, BodyLimits{64, 32});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.reason(), ErrorCode::request_too_large);
  EXPECT_EQ(http_status(doc.reason()), 413);
  EXPECT_TRUE(parse_body(big, BodyLimits{102, 32}).ok());
}

}  // namespace
}  // namespace samlh::sp::scim
