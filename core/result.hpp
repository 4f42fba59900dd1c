// Result<T>: a value or a typed failure, used across module boundaries.
//
// std::expected is not usable (Clang 14 with libstdc++ 12 cannot compile it,
// and the fuzz targets need Clang), so this is a deliberately small type of
// our own. A Failure carries the Reason (the contract) and a private detail
// (for logs and traces, never matched by tests).
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "core/reason.hpp"

namespace samlh::core {

struct Failure {
  Reason reason;
  std::string detail;
};

inline Failure fail(Reason r, std::string detail = {}) { return Failure{r, std::move(detail)}; }

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Failure f) : v_(std::in_place_index<1>, std::move(f)) {}    // NOLINT: implicit by design

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

  const Failure& failure() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Failure&& failure() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }
  Reason reason() const { return failure().reason; }

 private:
  std::variant<T, Failure> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Failure f) : f_(std::move(f)) {}  // NOLINT: implicit by design

  bool ok() const noexcept { return !f_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
  const Failure& failure() const& {
    assert(!ok());
    return *f_;
  }
  Failure&& failure() && {
    assert(!ok());
    return std::move(*f_);
  }
  Reason reason() const { return failure().reason; }

 private:
  std::optional<Failure> f_;
};

using Status = Result<void>;

}  // namespace samlh::core
