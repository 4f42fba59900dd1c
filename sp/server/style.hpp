// The SP's one stylesheet, served at kStylesheetPath (server.cpp), and the
// head every SP page starts with (pages.cpp, demo_pages.cpp). Made for a
// projector: readable at 1280x720, large monospace for XML, nothing loaded
// from elsewhere (no web fonts, no CDN).
#pragma once

#include <string>
#include <string_view>

namespace samlh::sp::style {

inline constexpr std::string_view kStylesheetPath = "/assets/sp.css";

std::string_view stylesheet();
// "<!DOCTYPE html>...<body>": the document's title, the stylesheet link.
std::string page_start(std::string_view title);

}  // namespace samlh::sp::style
