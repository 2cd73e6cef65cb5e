// verify-receipt: a receipt.fr is evidence that a licence server was destroyed;
// it is accepted once, for the licence it names, signed by that licence's instance key (as
// the ledger holds it), from the machine it was bound to, dated after issue and not in the
// future (see Reissue in issue.cc for how it is consumed).
#include <filesystem>

#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/issue/issue.h"
#include "frlic/issue/private_cloud.h"
#include "frlic/issue/receipt_verdict.h"
#include "frlic/ledger/ledger.h"
#include "frlic/order/order.h"
#include "frlic/licence/receipt.h"

namespace frlic {
namespace {

ReceiptVerdict Fail(ReceiptVerdict verdict, ReceiptFailure failure, std::string message) {
  verdict.failure = failure;
  verdict.message = std::move(message);
  return verdict;
}

// The checks, given the ledger's record of the serial the receipt names (nullopt: unknown)
// and whether that licence was already replaced.
ReceiptVerdict Judge(ByteView bytes, const std::string& file,
                     const std::optional<LedgerRecord>& record, bool replaced, UnixSeconds now) {
  ReceiptVerdict verdict;
  verdict.receipt_sha256 = Sha256Hex(bytes);
  auto claimed = PeekReceipt(bytes, file);
  if (!claimed.ok()) {
    return Fail(verdict, ReceiptFailure::kMalformed, claimed.error().message());
  }
  verdict.serial = claimed->serial;
  if (!record) {
    return Fail(verdict, ReceiptFailure::kUnknownSerial,
                "the ledger has no licence " + claimed->serial);
  }
  if (record->method != MethodName(Method::kPrivateCloud)) {
    return Fail(verdict, ReceiptFailure::kNotPrivateCloud,
                claimed->serial + " is a " + record->method +
                    " licence; only private-cloud licence servers write receipts");
  }
  // The key is the one the ledger recorded at issue, never one the receipt supplies.
  auto pinned_bytes = HexDecode(record->instance_public_key);
  auto pinned = pinned_bytes ? Ed25519PublicKey::FromBytes(*pinned_bytes)
                             : Result<Ed25519PublicKey>(Error(ErrorCode::kMalformed, "no key"));
  if (!pinned.ok()) {
    return Fail(verdict, ReceiptFailure::kMalformed,
                "the ledger holds no instance key for " + claimed->serial);
  }
  auto receipt = OpenReceipt(bytes, *pinned, file);
  if (!receipt.ok()) {
    const bool signature = receipt.error().code() == ErrorCode::kBadSignature ||
                           receipt.error().code() == ErrorCode::kUnknownKey;
    return Fail(verdict, signature ? ReceiptFailure::kBadSignature : ReceiptFailure::kMalformed,
                receipt.error().message());
  }
  verdict.destroyed_at = receipt->destroyed_at;
  if (replaced || record->status == LicenceStatus::kDestroyed) {
    return Fail(verdict, ReceiptFailure::kAlreadyConsumed,
                "a receipt for " + record->serial + " was already accepted (the licence is " +
                    LicenceStatusName(record->status) + ")");
  }
  if (record->status != LicenceStatus::kActive) {
    return Fail(verdict, ReceiptFailure::kLicenceNotActive,
                record->serial + " is " + LicenceStatusName(record->status) + ", not active");
  }
  auto extra = ParseStrictJson(record->extra_json, "ledger record " + record->serial);
  const std::string nonce = extra.ok() ? extra->value("nonce", "") : "";
  const std::string licence_sha256 = extra.ok() ? extra->value("licence_sha256", "") : "";
  if (Base64Encode(receipt->nonce) != nonce) {
    return Fail(verdict, ReceiptFailure::kNonceMismatch,
                "the receipt's nonce is not the one issued with " + record->serial);
  }
  if (receipt->licence_sha256 != licence_sha256) {
    return Fail(verdict, ReceiptFailure::kLicenceMismatch,
                "the receipt names another licence file than the one issued as " + record->serial);
  }
  if (receipt->machine_fingerprint != record->machine_fingerprint) {
    return Fail(verdict, ReceiptFailure::kFingerprintMismatch,
                "the receipt comes from machine " + receipt->machine_fingerprint +
                    ", not the one the licence was bound to (" + record->machine_fingerprint + ")");
  }
  if (receipt->destroyed_at < record->issued_at) {
    return Fail(verdict, ReceiptFailure::kDatedBeforeIssue,
                "the receipt is dated " + FormatInstant(receipt->destroyed_at) +
                    ", before the licence was issued (" + FormatInstant(record->issued_at) + ")");
  }
  if (receipt->destroyed_at > now + kReceiptClockSkew) {
    return Fail(verdict, ReceiptFailure::kDatedInFuture,
                "the receipt is dated " + FormatInstant(receipt->destroyed_at) +
                    ", later than now (" + FormatInstant(now) + ") plus " +
                    std::to_string(kReceiptClockSkew) + " s");
  }
  verdict.message =
      "valid: " + record->serial + " was destroyed on " + FormatInstant(receipt->destroyed_at);
  return verdict;
}

}  // namespace

template <typename Source>
Result<ReceiptVerdict> JudgeReceipt(Source& source, ByteView bytes, const std::string& file,
                                    UnixSeconds now) {
  std::optional<LedgerRecord> record;
  bool replaced = false;
  if (auto claimed = PeekReceipt(bytes, file); claimed.ok()) {
    FRLIC_ASSIGN_OR_RETURN(record, source.FindBySerial(claimed->serial));
    if (record) {
      FRLIC_ASSIGN_OR_RETURN(auto child, source.FindReplacement(claimed->serial));
      replaced = child.has_value();
    }
  }
  return Judge(bytes, file, record, replaced, now);
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
  FRLIC_ASSIGN_OR_RETURN(auto ledger, Ledger::OpenSqlite(ledger_path, clock));
  return JudgeReceipt(*ledger, bytes, receipt_path, clock.Now());
}

}  // namespace frlic
