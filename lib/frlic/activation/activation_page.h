// The activation page a phone opens from the QR code (frlic serve): the 6-digit code, or why
// there is none, in a small HTML page readable on a phone. Machine-readable too: the code is
// the text of #code, a refusal's reason is #reason's data-reason (the tests read them).
#pragma once

#include <string>

#include "frlic/core/clock.h"

namespace frlic {

struct PageContent {
  bool ok = false;
  std::string code;    // ok: the 6 digits
  std::string serial;  // when known
  UnixSeconds valid_until = 0;
  std::string reason;   // refused: a stable name ("bound-elsewhere", ...)
  std::string message;  // refused: for people
};

std::string RenderActivationPage(const PageContent& content);

}  // namespace frlic
