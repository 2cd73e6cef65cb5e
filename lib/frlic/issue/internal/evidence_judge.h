// The skeleton every piece of customer evidence (receipt.fr, privateConfig) is judged by:
// peek the serial it claims; look that licence up in the ledger, with any replacement; check
// the licence's method; pin the instance key the ledger recorded at issue (never one the
// evidence supplies); verify the evidence's signature with it. The evidence's own checks
// follow. A verdict file states only what differs, as an Evidence type:
//
//   struct ReceiptEvidence {
//     using Verdict = ReceiptVerdict;  // has failure, message, serial
//     using Failure = ReceiptFailure;  // has kMalformed, kBadSignature, kUnknownSerial
//     using Payload = Receipt;         // has serial
//     static constexpr Method kMethod = Method::kPrivateCloud;  // the licences it is for
//     static constexpr Failure kWrongMethod = ReceiptFailure::kNotPrivateCloud;
//     static constexpr const char* kWrongMethodReason = "only private-cloud ... write receipts";
//     static Verdict NewVerdict(ByteView bytes);  // an empty verdict with the file's digest
//     static Result<Payload> Peek(ByteView bytes, const std::string& file);  // unverified
//     static Result<Payload> Open(ByteView bytes, const Ed25519PublicKey& key,
//                                 const std::string& file);
//     // The checks after the signature verified.
//     static Verdict JudgeVerified(Verdict verdict, const Payload& payload,
//                                  const LedgerRecord& record,
//                                  const std::optional<LedgerRecord>& replacement,
//                                  UnixSeconds now);
//   };
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/keys/ed25519.h"
#include "frlic/ledger/ledger.h"
#include "frlic/order/order.h"

namespace frlic {

template <typename Verdict, typename Failure>
Verdict Fail(Verdict verdict, Failure failure, std::string message) {
  verdict.failure = failure;
  verdict.message = std::move(message);
  return verdict;
}

// The instance key the ledger recorded for `record` at issue.
Result<Ed25519PublicKey> PinnedInstanceKey(const LedgerRecord& record);

// A field of the record's extra_json ("licence_sha256", "nonce"), "" when absent.
std::string RecordedExtra(const LedgerRecord& record, const char* field);

// Why evidence dated `dated_at` cannot be from the licence's life: dated before it was issued,
// or later than `now` plus `clock_skew`. `noun` names the evidence ("receipt") in the message.
enum class DateProblem { kBeforeIssue, kInFuture };
struct ImplausibleDate {
  DateProblem problem;
  std::string message;
};
std::optional<ImplausibleDate> CheckEvidenceDate(std::string_view noun, UnixSeconds dated_at,
                                                 UnixSeconds issued_at, UnixSeconds now,
                                                 UnixSeconds clock_skew);

// The skeleton, given what the ledger says of the claimed serial (nullopt: unknown).
template <typename Evidence>
typename Evidence::Verdict JudgeAgainstRecord(ByteView bytes, const std::string& file,
                                              const std::optional<LedgerRecord>& record,
                                              const std::optional<LedgerRecord>& replacement,
                                              UnixSeconds now) {
  using Failure = typename Evidence::Failure;
  typename Evidence::Verdict verdict = Evidence::NewVerdict(bytes);
  auto claimed = Evidence::Peek(bytes, file);
  if (!claimed.ok()) return Fail(verdict, Failure::kMalformed, claimed.error().message());
  verdict.serial = claimed->serial;
  if (!record) {
    return Fail(verdict, Failure::kUnknownSerial, "the ledger has no licence " + claimed->serial);
  }
  if (record->method != MethodName(Evidence::kMethod)) {
    return Fail(
        verdict, Evidence::kWrongMethod,
        claimed->serial + " is a " + record->method + " licence; " + Evidence::kWrongMethodReason);
  }
  auto pinned = PinnedInstanceKey(*record);
  if (!pinned.ok()) {
    return Fail(verdict, Failure::kMalformed,
                "the ledger holds no instance key for " + claimed->serial);
  }
  auto opened = Evidence::Open(bytes, *pinned, file);
  if (!opened.ok()) {
    const ErrorCode code = opened.error().code();
    const bool signature = code == ErrorCode::kBadSignature || code == ErrorCode::kUnknownKey;
    return Fail(verdict, signature ? Failure::kBadSignature : Failure::kMalformed,
                opened.error().message());
  }
  return Evidence::JudgeVerified(std::move(verdict), *opened, *record, replacement, now);
}

// Reads what the ledger (or a ledger transaction: Source is Ledger or LedgerTxn) says of the
// claimed serial, then judges. Only reading the ledger can fail; a negative verdict is a value.
template <typename Evidence, typename Source>
Result<typename Evidence::Verdict> JudgeEvidence(Source& source, ByteView bytes,
                                                 const std::string& file, UnixSeconds now) {
  std::optional<LedgerRecord> record;
  std::optional<LedgerRecord> replacement;
  if (auto claimed = Evidence::Peek(bytes, file); claimed.ok()) {
    FRLIC_ASSIGN_OR_RETURN(record, source.FindBySerial(claimed->serial));
    if (record) {
      FRLIC_ASSIGN_OR_RETURN(replacement, source.FindReplacement(claimed->serial));
    }
  }
  return JudgeAgainstRecord<Evidence>(bytes, file, record, replacement, now);
}

}  // namespace frlic
