// Internal to sp/capture/capture.cpp: the HAR and SAML-tracer readers and the
// payload decoder they share with peek_in_response_to().
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/result.hpp"
#include "sp/capture/capture.hpp"

namespace samlh::sp::detail {

// HAR 1.2 (log.entries[].request): see README, "Input formats".
CaptureRead read_har(const nlohmann::json& doc, const CaptureLimits& limits);
// SAML-tracer export ({"requests": [...], "timestamp": ...}): see README.
CaptureRead read_saml_tracer(const nlohmann::json& doc, const CaptureLimits& limits);

// The XML a payload carries, decoded the way the validator's decode check
// does it (bounded by `limits`); a typed failure when it does not decode.
core::Result<std::string> decode_payload(std::string_view payload, InputEncoding encoding,
                                         const core::BindingLimits& limits);

}  // namespace samlh::sp::detail
