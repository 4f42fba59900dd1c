// Result<T, Code>: a value or a typed failure, used across module boundaries.
//
// std::expected is not usable (Clang 14 with libstdc++ 12 cannot compile it,
// and the fuzz targets need Clang), so this is a deliberately small type of
// our own. A failure (Error<Code>) carries a code from one domain's table
// (the contract) and a private detail (for logs and traces, never matched by
// tests).
//
// Codes per domain, as Lasso keeps them (STYLE.md): a failure says what kind
// of thing failed, so no domain borrows another's codes.
//   core::Reason          why a SAML message is refused (the default Code)
//   core::ToolError       the project's own reading, signing, encrypting, key making
//   sp::LoginReason       why the SP refuses a login or an account action
//   sp::ApiError          a malformed admin API request
//   idp::IdpReason        why the IdP refuses a request or a sign-in
//   idp::MutationError    an attack recipe the material does not allow
// Config files fail at start-up by exception (sp::ConfigError,
// idp::ConfigError), never by a code. Where one operation can fail in two
// domains (the IdP reading an AuthnRequest: a message reason, or its own),
// the Code is a core::OneOf of both (core/one_of.hpp), and a Result of a
// narrower Code converts to it implicitly.
#pragma once

#include <cassert>
#include <concepts>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "core/reason.hpp"

namespace samlh::core {

template <class Code>
struct Error {
  Code reason;
  std::string detail;
};

// A failure of a narrower domain widens to a Code that holds it (a OneOf).
template <class Code, class Other>
  requires std::constructible_from<Code, Other>
Error<Code> widen(Error<Other> e) {
  return Error<Code>{Code(e.reason), std::move(e.detail)};
}

// A failed SAML message check: the common case keeps its short name.
using Failure = Error<Reason>;

template <class Code>
Error<Code> fail(Code r, std::string detail = {}) {
  return Error<Code>{r, std::move(detail)};
}

template <class T, class Code = Reason>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}       // NOLINT: implicit by design
  Result(Error<Code> f) : v_(std::in_place_index<1>, std::move(f)) {}     // NOLINT: implicit by design
  template <class Other>
    requires(!std::same_as<Other, Code> && std::constructible_from<Code, Other>)
  Result(Error<Other> f) : v_(std::in_place_index<1>, widen<Code>(std::move(f))) {}  // NOLINT: implicit by design
  // A Result of a narrower domain widens the same way.
  template <class Other>
    requires(!std::same_as<Other, Code> && std::constructible_from<Code, Other>)
  Result(Result<T, Other> r)  // NOLINT: implicit by design
      : v_(r.ok() ? std::variant<T, Error<Code>>(std::in_place_index<0>, std::move(r).value())
                  : std::variant<T, Error<Code>>(std::in_place_index<1>, widen<Code>(std::move(r).failure()))) {}

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error<Code>& failure() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error<Code>&& failure() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }
  Code reason() const { return failure().reason; }

 private:
  std::variant<T, Error<Code>> v_;
};

template <class Code>
class [[nodiscard]] Result<void, Code> {
 public:
  Result() = default;
  Result(Error<Code> f) : f_(std::move(f)) {}  // NOLINT: implicit by design
  template <class Other>
    requires(!std::same_as<Other, Code> && std::constructible_from<Code, Other>)
  Result(Error<Other> f) : f_(widen<Code>(std::move(f))) {}  // NOLINT: implicit by design
  template <class Other>
    requires(!std::same_as<Other, Code> && std::constructible_from<Code, Other>)
  Result(Result<void, Other> r) {  // NOLINT: implicit by design
    if (!r.ok()) f_ = widen<Code>(std::move(r).failure());
  }

  bool ok() const noexcept { return !f_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
  const Error<Code>& failure() const& {
    assert(!ok());
    return *f_;
  }
  Error<Code>&& failure() && {
    assert(!ok());
    return std::move(*f_);
  }
  Code reason() const { return failure().reason; }

 private:
  std::optional<Error<Code>> f_;
};

using Status = Result<void>;

}  // namespace samlh::core
