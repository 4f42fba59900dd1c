#include "core/xmlsec_errors.hpp"

#include <xmlsec/xmlsec.h>
#include <xmlsec/errors.h>

namespace samlh::core {
namespace {

thread_local std::string t_errors;

void capture(const char* /*file*/, int /*line*/, const char* func, const char* errorObject,
             const char* errorSubject, int reason, const char* msg) {
  if (t_errors.size() > 2048) return;  // bounded: a detail, not a log
  if (!t_errors.empty()) t_errors += "; ";
  if (func != nullptr) t_errors += func;
  if (errorObject != nullptr) {
    t_errors += " obj=";
    t_errors += errorObject;
  }
  if (errorSubject != nullptr) {
    t_errors += " subj=";
    t_errors += errorSubject;
  }
  t_errors += " reason=" + std::to_string(reason);
  if (msg != nullptr) {
    t_errors += " ";
    t_errors += msg;
  }
}

}  // namespace

void install_xmlsec_error_capture() { xmlSecErrorsSetCallback(capture); }

void clear_xmlsec_errors() { t_errors.clear(); }

std::string take_xmlsec_errors() {
  std::string out;
  out.swap(t_errors);
  return out;
}

}  // namespace samlh::core
