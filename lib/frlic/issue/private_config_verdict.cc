// A privateConfig is the moved component's evidence: accepted once, for the licence it
// names, signed by that licence's instance key (as the ledger holds it), for the licence file
// that was issued, dated after issue and not in the future, and only once business has
// revoked the licence (frlic revoke). See reissue.cc for how it is consumed. The shared steps
// are in internal/evidence_judge.h.
#include "frlic/issue/private_config_verdict.h"

#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/licence/private_config.h"
#include "internal/evidence_judge.h"

namespace frlic {
namespace {

struct PrivateConfigEvidence {
  using Verdict = PrivateConfigVerdict;
  using Failure = PrivateConfigFailure;
  using Payload = PrivateConfig;
  static constexpr Method kMethod = Method::kContainerPrivateCloud;
  static constexpr Failure kWrongMethod = PrivateConfigFailure::kNotContainerPrivateCloud;
  static constexpr const char* kWrongMethodReason =
      "only container components write a privateConfig";

  static Verdict NewVerdict(ByteView bytes) {
    Verdict verdict;
    verdict.private_config_sha256 = Sha256Hex(bytes);
    return verdict;
  }
  static Result<PrivateConfig> Peek(ByteView bytes, const std::string& file) {
    return PeekPrivateConfig(bytes, file);
  }
  static Result<PrivateConfig> Open(ByteView bytes, const Ed25519PublicKey& key,
                                    const std::string& file) {
    return OpenPrivateConfig(bytes, key, file);
  }

  static Verdict JudgeVerified(Verdict verdict, const PrivateConfig& config,
                               const LedgerRecord& record,
                               const std::optional<LedgerRecord>& replacement, UnixSeconds now) {
    verdict.instance_id = config.instance_id;
    verdict.deployed_at = config.deployed_at;
    if (config.licence_sha256 != RecordedExtra(record, "licence_sha256")) {
      return Fail(
          verdict, PrivateConfigFailure::kLicenceMismatch,
          "the privateConfig names another licence file than the one issued as " + record.serial);
    }
    if (auto date = CheckEvidenceDate("privateConfig", config.deployed_at, record.issued_at, now,
                                      kPrivateConfigClockSkew)) {
      return Fail(verdict,
                  date->problem == DateProblem::kBeforeIssue
                      ? PrivateConfigFailure::kDatedBeforeIssue
                      : PrivateConfigFailure::kDatedInFuture,
                  date->message);
    }
    if (replacement || record.status == LicenceStatus::kSuperseded) {
      return Fail(verdict, PrivateConfigFailure::kAlreadyReissued,
                  record.serial + " was already reissued" +
                      (replacement ? " as " + replacement->serial : std::string()));
    }
    if (record.status == LicenceStatus::kActive) {
      return Fail(verdict, PrivateConfigFailure::kNotRevoked,
                  record.serial +
                      " is still active: business must destroy the old component's licence "
                      "first (frlic revoke " +
                      record.serial + " --reason ...)");
    }
    if (record.status != LicenceStatus::kRevoked) {
      return Fail(verdict, PrivateConfigFailure::kLicenceNotRevoked,
                  record.serial + " is " + LicenceStatusName(record.status) + ", not revoked");
    }
    verdict.message = "valid: " + record.serial + " (revoked) deployed as instance " +
                      config.instance_id + " since " + FormatInstant(config.deployed_at);
    return verdict;
  }
};

}  // namespace

template <typename Source>
Result<PrivateConfigVerdict> JudgePrivateConfig(Source& source, ByteView bytes,
                                                const std::string& file, UnixSeconds now) {
  return JudgeEvidence<PrivateConfigEvidence>(source, bytes, file, now);
}
template Result<PrivateConfigVerdict> JudgePrivateConfig(Ledger&, ByteView, const std::string&,
                                                         UnixSeconds);
template Result<PrivateConfigVerdict> JudgePrivateConfig(LedgerTxn&, ByteView, const std::string&,
                                                         UnixSeconds);

const char* PrivateConfigFailureName(PrivateConfigFailure failure) {
  switch (failure) {
    case PrivateConfigFailure::kMalformed:
      return "malformed";
    case PrivateConfigFailure::kBadSignature:
      return "bad-signature";
    case PrivateConfigFailure::kUnknownSerial:
      return "unknown-serial";
    case PrivateConfigFailure::kNotContainerPrivateCloud:
      return "not-container-private-cloud";
    case PrivateConfigFailure::kLicenceMismatch:
      return "licence-mismatch";
    case PrivateConfigFailure::kDatedBeforeIssue:
      return "dated-before-issue";
    case PrivateConfigFailure::kDatedInFuture:
      return "dated-in-future";
    case PrivateConfigFailure::kNotRevoked:
      return "not-revoked";
    case PrivateConfigFailure::kAlreadyReissued:
      return "already-reissued";
    case PrivateConfigFailure::kLicenceNotRevoked:
      return "licence-not-revoked";
  }
  return "malformed";
}

Result<PrivateConfigVerdict> VerifyPrivateConfig(const std::string& path,
                                                 const std::string& ledger_path,
                                                 const Clock& clock) {
  FRLIC_ASSIGN_OR_RETURN(Bytes bytes, ReadFile(path, 1 << 20));
  FRLIC_ASSIGN_OR_RETURN(auto ledger, Ledger::Open(ledger_path, clock));
  return JudgePrivateConfig(*ledger, bytes, path, clock.Now());
}

}  // namespace frlic
