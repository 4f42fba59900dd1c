// The one strict YAML reader (core/yaml): what each value rule refuses, and
// that every error names the file and the line.
#include <gtest/gtest.h>


#include "core/yaml/json_bridge.hpp"
#include "core/yaml/reader.hpp"

namespace samlh::core::yaml {
namespace {

const Reader kReader("f.yaml", SAMLH_SOURCE_DIR);

// The message of the Error `read` throws, "" when it throws none.
template <class Read>
std::string error_of(Read read) {
  try {
    read();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(YamlReader, ErrorsNameTheFileAndTheLine) {
  const YAML::Node root = load("a: 1\nb:\n  c: [x]\n", "f.yaml");
  EXPECT_EQ(error_of([&] { kReader.str(root["b"]["c"], "c"); }), "f.yaml:3: 'c' must be a single value");
  EXPECT_EQ(error_of([&] { load("a: [1\n", "g.yaml"); }).rfind("g.yaml:", 0), 0u);
  // a key that is absent has no line: the file alone
  EXPECT_EQ(error_of([&] { kReader.str(root["missing"], "missing"); }), "f.yaml: 'missing' must be a single value");
}

TEST(YamlReader, KeysRefusesUnknownAndRepeatedKeysAndNonMappings) {
  EXPECT_EQ(error_of([&] { kReader.keys(load("a: 1\nb: 2\n", "f.yaml"), {"a", "b"}, "top"); }), "");
  EXPECT_EQ(error_of([&] { kReader.keys(load("a: 1\ncolour: 2\n", "f.yaml"), {"a", "b"}, "top"); }),
            "f.yaml:2: unknown key 'colour' in top (expected one of: a, b)");
  EXPECT_NE(error_of([&] { kReader.keys(load("a: 1\na: 2\n", "f.yaml"), {"a"}, "top"); }).find("repeated"),
            std::string::npos);
  EXPECT_NE(error_of([&] { kReader.keys(load("[a]\n", "f.yaml"), {"a"}, "top"); }).find("must be a mapping"),
            std::string::npos);
}

TEST(YamlReader, NeedRefusesAbsentAndNullKeys) {
  const YAML::Node root = load("a: 1\nb:\n", "f.yaml");
  EXPECT_EQ(kReader.need(root, "a", "top").Scalar(), "1");
  EXPECT_NE(error_of([&] { kReader.need(root, "b", "top"); }).find("top needs 'b'"), std::string::npos);
  EXPECT_NE(error_of([&] { kReader.need(root, "c", "top"); }).find("top needs 'c'"), std::string::npos);
}

TEST(YamlReader, BooleansAreTrueFalseYesOrNo) {
  for (const char* t : {"true", "yes"}) EXPECT_TRUE(kReader.boolean(YAML::Node(t), "k")) << t;
  for (const char* f : {"false", "no"}) EXPECT_FALSE(kReader.boolean(YAML::Node(f), "k")) << f;
  for (const char* bad : {"True", "on", "off", "y", "1", ""}) {
    EXPECT_NE(error_of([&] { kReader.boolean(YAML::Node(bad), "k"); }).find("true or false"), std::string::npos) << bad;
  }
}

TEST(YamlReader, IntegersAreDigitsWithAnOptionalMinus) {
  EXPECT_EQ(kReader.integer(YAML::Node("8080"), "port"), 8080);
  EXPECT_EQ(kReader.integer(YAML::Node("-3"), "n"), -3);
  for (const char* bad : {"", "-", "+5", "0x10", "1e3", "5 ", "1.0", "1234567890123456789"}) {
    EXPECT_NE(error_of([&] { kReader.integer(YAML::Node(bad), "n"); }).find("must be an integer"), std::string::npos)
        << bad;
  }
}

TEST(YamlReader, ListsAndOneOrMore) {
  const YAML::Node root = load("one: x\nmany: [x, y]\nnested: [[x]]\n", "f.yaml");
  EXPECT_EQ(kReader.strings(root["many"], "many"), (std::vector<std::string>{"x", "y"}));
  EXPECT_NE(error_of([&] { kReader.strings(root["one"], "one"); }).find("must be a list"), std::string::npos);
  EXPECT_NE(error_of([&] { kReader.strings(root["nested"], "nested"); }).find("single value"), std::string::npos);
  EXPECT_EQ(kReader.one_or_more(root["one"], "one"), (std::vector<std::string>{"x"}));
  EXPECT_EQ(kReader.one_or_more(root["many"], "many"), (std::vector<std::string>{"x", "y"}));
}

TEST(YamlReader, DurationsArePositiveInCoresGrammar) {
  EXPECT_EQ(kReader.duration(YAML::Node("30m"), "ttl"), Millis{1'800'000});
  for (const char* bad : {"0s", "-5m", "1.5h", "forever"}) {
    EXPECT_NE(error_of([&] { kReader.duration(YAML::Node(bad), "ttl"); }).find("positive duration"), std::string::npos)
        << bad;
  }
}

TEST(YamlReader, FileTextIsRelativeToTheBaseDirectory) {
  EXPECT_NE(kReader.file_text(YAML::Node("certs/idp.crt"), "cert", "certificate file").find("BEGIN CERTIFICATE"),
            std::string::npos);
  EXPECT_NE(error_of([&] { kReader.file_text(YAML::Node("certs/none.crt"), "cert", "certificate file"); })
                .find("cannot read certificate file"),
            std::string::npos);
}

TEST(YamlReader, RethrowAsTurnsEveryYamlErrorIntoTheDomainError) {
  struct DomainError : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  EXPECT_THROW(rethrow_as<DomainError>("f.yaml", [] { kReader.str(YAML::Node(YAML::NodeType::Map), "k"); }),
               DomainError);
  // yaml-cpp's own exceptions too (here: reading a scalar as a map)
  EXPECT_THROW(rethrow_as<DomainError>("f.yaml", [] { return YAML::Node("x").as<std::map<std::string, int>>(); }),
               DomainError);
  EXPECT_EQ(rethrow_as<DomainError>("f.yaml", [] { return 7; }), 7);
}

TEST(JsonBridge, JsonToYamlAndBack) {
  const nlohmann::json j = {{"on", true}, {"n", -4}, {"u", 5u}, {"s", "text"}, {"l", {"a", "b"}}, {"z", nullptr}};
  const YAML::Node y = from_json(j);
  EXPECT_EQ(y["on"].Scalar(), "true");
  EXPECT_EQ(kReader.integer(y["n"], "n"), -4);
  EXPECT_EQ(kReader.integer(y["u"], "u"), 5);
  EXPECT_EQ(kReader.strings(y["l"], "l"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(y["z"].IsNull());
  EXPECT_EQ(to_json(y), j);
  // a quoted scalar stays a string
  EXPECT_EQ(to_json(load("a: \"true\"\nb: '12'\n", "f.yaml")), (nlohmann::json{{"a", "true"}, {"b", "12"}}));
}

}  // namespace
}  // namespace samlh::core::yaml
