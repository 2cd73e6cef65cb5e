#include "internal/evidence_judge.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"

namespace frlic {

Result<Ed25519PublicKey> PinnedInstanceKey(const LedgerRecord& record) {
  auto bytes = HexDecode(record.instance_public_key);
  if (!bytes) return Error(ErrorCode::kMalformed, "no key");
  return Ed25519PublicKey::FromBytes(*bytes);
}

std::string RecordedExtra(const LedgerRecord& record, const char* field) {
  auto extra = ParseStrictJson(record.extra_json, "ledger record " + record.serial);
  return extra.ok() ? extra->value(field, "") : "";
}

std::optional<ImplausibleDate> CheckEvidenceDate(std::string_view noun, UnixSeconds dated_at,
                                                 UnixSeconds issued_at, UnixSeconds now,
                                                 UnixSeconds clock_skew) {
  const std::string dated = "the " + std::string(noun) + " is dated " + FormatInstant(dated_at);
  if (dated_at < issued_at) {
    return ImplausibleDate{DateProblem::kBeforeIssue, dated + ", before the licence was issued (" +
                                                          FormatInstant(issued_at) + ")"};
  }
  if (dated_at > now + clock_skew) {
    return ImplausibleDate{DateProblem::kInFuture, dated + ", later than now (" +
                                                       FormatInstant(now) + ") plus " +
                                                       std::to_string(clock_skew) + " s"};
  }
  return std::nullopt;
}

}  // namespace frlic
