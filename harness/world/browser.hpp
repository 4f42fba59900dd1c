// The harness's browser is the project's one browser (core/browser/
// browser.hpp): the same type drives the in-process world, --live and
// --target-sp, and the tests and benchmarks. These names keep the
// harness's spelling of it.
#pragma once

#include "core/browser/browser.hpp"
#include "core/browser/transport.hpp"

namespace samlh::harness {

using core::browser::Browser;
using core::browser::Credentials;
using core::browser::Exchange;
using core::browser::Form;
using core::browser::HttpTransport;
using core::browser::InProcessTransport;
using core::browser::NavigateOptions;
using core::browser::Page;
using core::browser::Reply;
using core::browser::Transport;

}  // namespace samlh::harness
