#include "frlic/core/status.h"

namespace frlic {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return "invalid-input";
    case ErrorCode::kMalformed:
      return "malformed";
    case ErrorCode::kBadSignature:
      return "bad-signature";
    case ErrorCode::kUnknownKey:
      return "unknown-key";
    case ErrorCode::kRefused:
      return "refused";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kNotFound:
      return "not-found";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kLedgerCorrupt:
      return "ledger-corrupt";
    case ErrorCode::kWrongPassphrase:
      return "wrong-passphrase";
    case ErrorCode::kInternal:
      return "internal";
    case ErrorCode::kBusy:
      return "busy";
  }
  return "internal";
}

std::string FormatProblem(const Problem& p) {
  std::string out;
  if (!p.file.empty()) {
    out += p.file;
    if (p.line > 0) {
      out += ":" + std::to_string(p.line);
      if (p.column > 0) out += ":" + std::to_string(p.column);
    }
    out += ": ";
  }
  if (!p.field.empty()) out += p.field + ": ";
  out += p.message;
  if (!p.found.empty() || !p.expected.empty()) {
    out += " (";
    if (!p.found.empty()) out += "found " + p.found;
    if (!p.found.empty() && !p.expected.empty()) out += "; ";
    if (!p.expected.empty()) out += "expected " + p.expected;
    out += ")";
  }
  return out;
}

}  // namespace frlic
