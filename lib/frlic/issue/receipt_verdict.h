// The verdict on a receipt.fr, the evidence that a private-cloud licence server was
// destroyed: read-only against the ledger (frlic verify-receipt), or inside a ledger
// transaction (reissue judges again inside the transaction that consumes the receipt, so two
// racing reissues cannot both pass).
#pragma once

#include <optional>
#include <string>

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/ledger/ledger.h"

namespace frlic {

// How far a receipt may be dated after "now" (clock skew between the customer's host and
// the issuer): 5 minutes.
inline constexpr UnixSeconds kReceiptClockSkew = 300;

enum class ReceiptFailure {
  kMalformed,
  kBadSignature,
  kUnknownSerial,
  kNotPrivateCloud,
  kNonceMismatch,
  kLicenceMismatch,
  kFingerprintMismatch,
  kDatedBeforeIssue,
  kDatedInFuture,
  kAlreadyConsumed,
  kLicenceNotActive,
};
const char* ReceiptFailureName(ReceiptFailure failure);  // "bad-signature", ...

struct ReceiptVerdict {
  std::optional<ReceiptFailure> failure;  // empty: valid
  std::string message;                    // why, for people
  std::string serial;                     // the serial the receipt names (if readable)
  std::string receipt_sha256;
  UnixSeconds destroyed_at = 0;
  bool valid() const { return !failure.has_value(); }
};

// The read-only verdict on a receipt.fr against the ledger (frlic verify-receipt).
Result<ReceiptVerdict> VerifyReceipt(const std::string& receipt_path,
                                     const std::string& ledger_path, const Clock& clock);

// Source is Ledger or LedgerTxn (both provide FindBySerial and FindReplacement).
template <typename Source>
Result<ReceiptVerdict> JudgeReceipt(Source& source, ByteView bytes, const std::string& file,
                                    UnixSeconds now);

}  // namespace frlic
