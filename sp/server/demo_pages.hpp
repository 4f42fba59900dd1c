// The pages of `sp serve --demo`: the banner every SP page carries in demo
// mode, the list of recent logins and one login's inspector page. Every
// value taken from a message is HTML-escaped here (xml_view.hpp for the
// XML itself); the pages load nothing from elsewhere (inline CSS only).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sp/server/demo_log.hpp"

namespace samlh::sp::demo_pages {

// The banner, inserted after <body> of an HTML page, and `extra` (HTML made
// by the caller, e.g. the inspector link) before </body>.
std::string decorate(std::string page, std::string_view extra = {});
// A paragraph linking to login `id`'s inspector page.
std::string inspector_link(std::uint64_t id);
// What a refusal page adds in demo mode: the refusal's reason code with its
// sentence and the gap codes the login recorded, each with its meaning.
std::string refusal_summary(const DemoLogin& l);
// The gap codes one request recorded (e.g. a session used after the IdP
// deactivated its user), each with its meaning; "" when there are none.
std::string gaps_recorded(const std::vector<Gap>& gaps, std::string_view by_what);

std::string logins(const std::vector<std::shared_ptr<const DemoLogin>>& recent, std::size_t capacity);
std::string login(const DemoLogin& l);
std::string not_found(std::string_view what);

}  // namespace samlh::sp::demo_pages
