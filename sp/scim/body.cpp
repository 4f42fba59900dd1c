#include "sp/scim/body.hpp"

#include <string>

namespace samlh::sp::scim {
namespace {

// Counts nesting only; returning false from a start event aborts the parse.
class DepthProbe : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit DepthProbe(std::size_t max_depth) : max_(max_depth) {}
  bool too_deep() const noexcept { return too_deep_; }

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return enter(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return leave(); }
  bool start_array(std::size_t) override { return enter(); }
  bool end_array() override { return leave(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  bool enter() {
    if (++depth_ > max_) too_deep_ = true;
    return !too_deep_;
  }
  bool leave() {
    --depth_;
    return true;
  }

  std::size_t max_;
  std::size_t depth_ = 0;
  bool too_deep_ = false;
};

}  // namespace

Result<nlohmann::json> parse_body(std::string_view text, const BodyLimits& limits) {
  if (text.size() > limits.max_bytes) return make_error(ErrorCode::request_too_large, std::to_string(text.size()) + " bytes");
  DepthProbe probe(limits.max_depth);
  const bool well_formed = nlohmann::json::sax_parse(text, &probe, nlohmann::json::input_format_t::json, false);
  if (probe.too_deep()) return make_error(ErrorCode::request_malformed_json, "nested deeper than " + std::to_string(limits.max_depth));
  if (!well_formed) return make_error(ErrorCode::request_malformed_json);
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return make_error(ErrorCode::request_malformed_json);
  return doc;
}

}  // namespace samlh::sp::scim
