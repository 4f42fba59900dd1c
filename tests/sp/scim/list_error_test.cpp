// The error table and message (RFC 7644 §3.12), and pagination with the
// ListResponse message (§3.4.2, §3.4.2.4).
#include <gtest/gtest.h>

#include <limits>
#include <set>
#include <string>

#include "sp/scim/error.hpp"
#include "sp/scim/list.hpp"

namespace samlh::sp::scim {
namespace {

using json = nlohmann::json;

TEST(ScimErrors, EveryCodeIsSpelledOnceRoundTripsAndHasAnRfcStatus) {
  const std::set<int> rfc_statuses{307, 308, 400, 401, 403, 404, 409, 412, 413, 500, 501};  // §3.12 Table 8
  std::set<std::string_view> spellings;
  for (ErrorCode c : all_error_codes()) {
    EXPECT_FALSE(spelling(c).empty());
    EXPECT_TRUE(spellings.insert(spelling(c)).second) << spelling(c);
    EXPECT_EQ(error_from_spelling(spelling(c)), c);
    EXPECT_FALSE(sentence(c).empty());
    EXPECT_TRUE(rfc_statuses.count(http_status(c))) << spelling(c);
    // §3.12: the keywords of Table 9 go with 400; uniqueness with 409 (§3.3).
    if (scim_type(c) == ScimType::uniqueness) {
      EXPECT_EQ(http_status(c), 409);
    } else if (scim_type(c) != ScimType::none) {
      EXPECT_EQ(http_status(c), 400) << spelling(c);
    }
  }
  EXPECT_EQ(error_from_spelling("no_such_error"), std::nullopt);
}

TEST(ScimErrors, KeywordSpellingsAreTheRfcs) {
  EXPECT_EQ(spelling(ScimType::invalid_filter), "invalidFilter");
  EXPECT_EQ(spelling(ScimType::too_many), "tooMany");
  EXPECT_EQ(spelling(ScimType::uniqueness), "uniqueness");
  EXPECT_EQ(spelling(ScimType::mutability), "mutability");
  EXPECT_EQ(spelling(ScimType::invalid_syntax), "invalidSyntax");
  EXPECT_EQ(spelling(ScimType::invalid_path), "invalidPath");
  EXPECT_EQ(spelling(ScimType::no_target), "noTarget");
  EXPECT_EQ(spelling(ScimType::invalid_value), "invalidValue");
  EXPECT_EQ(spelling(ScimType::invalid_vers), "invalidVers");
  EXPECT_EQ(spelling(ScimType::sensitive), "sensitive");
  EXPECT_EQ(spelling(ScimType::none), "");
}

TEST(ScimErrors, ErrorBodyShape) {
  const json body = error_body(make_error(ErrorCode::filter_syntax, "unexpected text at byte 3"));
  EXPECT_EQ(body["schemas"], json::array({"urn:ietf:params:scim:api:messages:2.0:Error"}));
  EXPECT_EQ(body["status"], "400");  // a string, §3.12
  EXPECT_EQ(body["scimType"], "invalidFilter");
  EXPECT_EQ(body["detail"], std::string(sentence(ErrorCode::filter_syntax)) + " (unexpected text at byte 3)");
  EXPECT_EQ(body.size(), 4U);

  const json not_found = error_body(make_error(ErrorCode::resource_not_found));
  EXPECT_EQ(not_found["status"], "404");
  EXPECT_FALSE(not_found.contains("scimType"));
  EXPECT_EQ(not_found["detail"], sentence(ErrorCode::resource_not_found));
}

TEST(ScimErrors, RenderNeverThrowsOnBadUtf8) {
  const std::string name = bounded_name("caf\xC3");  // a cut UTF-8 sequence from a request
  const std::string text = render(error_body(make_error(ErrorCode::patch_invalid_path, name)));
  EXPECT_NE(text.find("\xEF\xBF\xBD"), std::string::npos);  // U+FFFD
}

TEST(ScimErrors, BoundedNameCutsLongNames) {
  EXPECT_EQ(bounded_name("userName"), "userName");
  const std::string cut = bounded_name(std::string(1000, 'a'));
  EXPECT_EQ(cut, std::string(64, 'a') + "...");
}

Result<PageRequest> page(std::optional<std::string_view> start, std::optional<std::string_view> count) {
  return parse_page(start, count, PageLimits{100, 200});
}

TEST(ScimPaging, DefaultsAreOktasPage) {
  auto p = page(std::nullopt, std::nullopt);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->start_index, 1);
  EXPECT_EQ(p->count, 100);
}

TEST(ScimPaging, StartIndexBelowOneIsOne) {
  for (std::string_view s : {"0", "-5", "-99999999999999999999999"}) {
    auto p = page(s, std::nullopt);
    ASSERT_TRUE(p.ok()) << s;
    EXPECT_EQ(p->start_index, 1) << s;
  }
  EXPECT_EQ(page("101", std::nullopt)->start_index, 101);
}

TEST(ScimPaging, CountIsClampedToZeroAndTheMaximum) {
  EXPECT_EQ(page(std::nullopt, "-1")->count, 0);
  EXPECT_EQ(page(std::nullopt, "0")->count, 0);
  EXPECT_EQ(page(std::nullopt, "150")->count, 150);
  EXPECT_EQ(page(std::nullopt, "100000")->count, 200);
  EXPECT_EQ(page(std::nullopt, "99999999999999999999999999")->count, 200);
}

TEST(ScimPaging, NonIntegersAreRefused) {
  for (std::string_view bad : {"", "abc", "1.5", "1e3", " 1", "0x10", "--1", "+"}) {
    auto p = page(bad, std::nullopt);
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.reason(), ErrorCode::page_parameter);
    EXPECT_FALSE(page(std::nullopt, bad).ok()) << bad;
  }
}

TEST(ScimPaging, SlicesFollowStartIndexAndCount) {
  EXPECT_EQ(slice(PageRequest{1, 100}, 250).offset, 0U);
  EXPECT_EQ(slice(PageRequest{1, 100}, 250).length, 100U);
  EXPECT_EQ(slice(PageRequest{201, 100}, 250).offset, 200U);
  EXPECT_EQ(slice(PageRequest{201, 100}, 250).length, 50U);
  EXPECT_EQ(slice(PageRequest{251, 100}, 250).length, 0U);
  EXPECT_EQ(slice(PageRequest{1, 0}, 250).length, 0U);
  EXPECT_EQ(slice(PageRequest{std::numeric_limits<std::int64_t>::max(), 200}, 3).length, 0U);
}

TEST(ScimPaging, ListResponseShape) {
  const json user = {{"id", "1"}};
  const json body = list_response({user}, 7, PageRequest{3, 1});
  EXPECT_EQ(body["schemas"], json::array({"urn:ietf:params:scim:api:messages:2.0:ListResponse"}));
  EXPECT_EQ(body["totalResults"], 7);
  EXPECT_EQ(body["startIndex"], 3);
  EXPECT_EQ(body["itemsPerPage"], 1);
  EXPECT_EQ(body["Resources"], json::array({user}));
  EXPECT_TRUE(body["totalResults"].is_number_integer());  // [O20]: integers, not strings

  const json count_only = list_response({}, 7, PageRequest{1, 0});
  EXPECT_EQ(count_only["totalResults"], 7);
  EXPECT_EQ(count_only["itemsPerPage"], 0);
  EXPECT_EQ(count_only["Resources"], json::array());
}

}  // namespace
}  // namespace samlh::sp::scim
