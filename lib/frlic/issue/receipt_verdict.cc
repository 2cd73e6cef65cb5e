// verify-receipt: a receipt.fr is evidence that a licence server was destroyed; it is accepted
// once, for the licence it names, signed by that licence's instance key (as the ledger holds
// it), from the machine it was bound to, dated after issue and not in the future (see
// reissue.cc for how it is consumed). The shared steps are in internal/evidence_judge.h.
#include "frlic/issue/receipt_verdict.h"

#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/licence/receipt.h"
#include "internal/evidence_judge.h"

namespace frlic {
namespace {

struct ReceiptEvidence {
  using Verdict = ReceiptVerdict;
  using Failure = ReceiptFailure;
  using Payload = Receipt;
  static constexpr Method kMethod = Method::kPrivateCloud;
  static constexpr Failure kWrongMethod = ReceiptFailure::kNotPrivateCloud;
  static constexpr const char* kWrongMethodReason =
      "only private-cloud licence servers write receipts";

  static Verdict NewVerdict(ByteView bytes) {
    Verdict verdict;
    verdict.receipt_sha256 = Sha256Hex(bytes);
    return verdict;
  }
  static Result<Receipt> Peek(ByteView bytes, const std::string& file) {
    return PeekReceipt(bytes, file);
  }
  static Result<Receipt> Open(ByteView bytes, const Ed25519PublicKey& key,
                              const std::string& file) {
    return OpenReceipt(bytes, key, file);
  }

  static Verdict JudgeVerified(Verdict verdict, const Receipt& receipt, const LedgerRecord& record,
                               const std::optional<LedgerRecord>& replacement, UnixSeconds now) {
    verdict.destroyed_at = receipt.destroyed_at;
    if (replacement || record.status == LicenceStatus::kDestroyed) {
      return Fail(verdict, ReceiptFailure::kAlreadyConsumed,
                  "a receipt for " + record.serial + " was already accepted (the licence is " +
                      LicenceStatusName(record.status) + ")");
    }
    if (record.status != LicenceStatus::kActive) {
      return Fail(verdict, ReceiptFailure::kLicenceNotActive,
                  record.serial + " is " + LicenceStatusName(record.status) + ", not active");
    }
    if (Base64Encode(receipt.nonce) != RecordedExtra(record, "nonce")) {
      return Fail(verdict, ReceiptFailure::kNonceMismatch,
                  "the receipt's nonce is not the one issued with " + record.serial);
    }
    if (receipt.licence_sha256 != RecordedExtra(record, "licence_sha256")) {
      return Fail(verdict, ReceiptFailure::kLicenceMismatch,
                  "the receipt names another licence file than the one issued as " + record.serial);
    }
    if (receipt.machine_fingerprint != record.machine_fingerprint) {
      return Fail(verdict, ReceiptFailure::kFingerprintMismatch,
                  "the receipt comes from machine " + receipt.machine_fingerprint +
                      ", not the one the licence was bound to (" + record.machine_fingerprint +
                      ")");
    }
    if (auto date = CheckEvidenceDate("receipt", receipt.destroyed_at, record.issued_at, now,
                                      kReceiptClockSkew)) {
      return Fail(verdict,
                  date->problem == DateProblem::kBeforeIssue ? ReceiptFailure::kDatedBeforeIssue
                                                             : ReceiptFailure::kDatedInFuture,
                  date->message);
    }
    verdict.message =
        "valid: " + record.serial + " was destroyed on " + FormatInstant(receipt.destroyed_at);
    return verdict;
  }
};

}  // namespace

template <typename Source>
Result<ReceiptVerdict> JudgeReceipt(Source& source, ByteView bytes, const std::string& file,
                                    UnixSeconds now) {
  return JudgeEvidence<ReceiptEvidence>(source, bytes, file, now);
}
template Result<ReceiptVerdict> JudgeReceipt(Ledger&, ByteView, const std::string&, UnixSeconds);
template Result<ReceiptVerdict> JudgeReceipt(LedgerTxn&, ByteView, const std::string&, UnixSeconds);

const char* ReceiptFailureName(ReceiptFailure failure) {
  switch (failure) {
    case ReceiptFailure::kMalformed:
      return "malformed";
    case ReceiptFailure::kBadSignature:
      return "bad-signature";
    case ReceiptFailure::kUnknownSerial:
      return "unknown-serial";
    case ReceiptFailure::kNotPrivateCloud:
      return "not-private-cloud";
    case ReceiptFailure::kNonceMismatch:
      return "nonce-mismatch";
    case ReceiptFailure::kLicenceMismatch:
      return "licence-mismatch";
    case ReceiptFailure::kFingerprintMismatch:
      return "fingerprint-mismatch";
    case ReceiptFailure::kDatedBeforeIssue:
      return "dated-before-issue";
    case ReceiptFailure::kDatedInFuture:
      return "dated-in-future";
    case ReceiptFailure::kAlreadyConsumed:
      return "already-consumed";
    case ReceiptFailure::kLicenceNotActive:
      return "licence-not-active";
  }
  return "malformed";
}

Result<ReceiptVerdict> VerifyReceipt(const std::string& receipt_path,
                                     const std::string& ledger_path, const Clock& clock) {
  FRLIC_ASSIGN_OR_RETURN(Bytes bytes, ReadFile(receipt_path, 1 << 20));
  FRLIC_ASSIGN_OR_RETURN(auto ledger, Ledger::Open(ledger_path, clock));
  return JudgeReceipt(*ledger, bytes, receipt_path, clock.Now());
}

}  // namespace frlic
