// A privateConfig is the moved component's evidence: accepted once, for the licence it
// names, signed by that licence's instance key (as the ledger holds it), for the licence file
// that was issued, dated after issue and not in the future, and only once business has
// revoked the licence (frlic revoke). See Reissue in issue.cc for how it is consumed.
#include "frlic/issue/private_config_verdict.h"

#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/order/order.h"
#include "frlic/licence/private_config.h"

namespace frlic {
namespace {

PrivateConfigVerdict Fail(PrivateConfigVerdict verdict, PrivateConfigFailure failure,
                          std::string message) {
  verdict.failure = failure;
  verdict.message = std::move(message);
  return verdict;
}

PrivateConfigVerdict Judge(ByteView bytes, const std::string& file,
                           const std::optional<LedgerRecord>& record,
                           const std::optional<LedgerRecord>& replacement, UnixSeconds now) {
  PrivateConfigVerdict verdict;
  verdict.private_config_sha256 = Sha256Hex(bytes);
  auto claimed = PeekPrivateConfig(bytes, file);
  if (!claimed.ok()) {
    return Fail(verdict, PrivateConfigFailure::kMalformed, claimed.error().message());
  }
  verdict.serial = claimed->serial;
  if (!record) {
    return Fail(verdict, PrivateConfigFailure::kUnknownSerial,
                "the ledger has no licence " + claimed->serial);
  }
  if (record->method != MethodName(Method::kContainerPrivateCloud)) {
    return Fail(verdict, PrivateConfigFailure::kNotContainerPrivateCloud,
                claimed->serial + " is a " + record->method +
                    " licence; only container components write a privateConfig");
  }
  // The key is the one the ledger recorded at issue, never one the file supplies.
  auto pinned_bytes = HexDecode(record->instance_public_key);
  auto pinned = pinned_bytes ? Ed25519PublicKey::FromBytes(*pinned_bytes)
                             : Result<Ed25519PublicKey>(Error(ErrorCode::kMalformed, "no key"));
  if (!pinned.ok()) {
    return Fail(verdict, PrivateConfigFailure::kMalformed,
                "the ledger holds no instance key for " + claimed->serial);
  }
  auto config = OpenPrivateConfig(bytes, *pinned, file);
  if (!config.ok()) {
    const bool signature = config.error().code() == ErrorCode::kBadSignature ||
                           config.error().code() == ErrorCode::kUnknownKey;
    return Fail(verdict,
                signature ? PrivateConfigFailure::kBadSignature : PrivateConfigFailure::kMalformed,
                config.error().message());
  }
  verdict.instance_id = config->instance_id;
  verdict.deployed_at = config->deployed_at;
  auto extra = ParseStrictJson(record->extra_json, "ledger record " + record->serial);
  const std::string licence_sha256 = extra.ok() ? extra->value("licence_sha256", "") : "";
  if (config->licence_sha256 != licence_sha256) {
    return Fail(
        verdict, PrivateConfigFailure::kLicenceMismatch,
        "the privateConfig names another licence file than the one issued as " + record->serial);
  }
  if (config->deployed_at < record->issued_at) {
    return Fail(verdict, PrivateConfigFailure::kDatedBeforeIssue,
                "the privateConfig is dated " + FormatInstant(config->deployed_at) +
                    ", before the licence was issued (" + FormatInstant(record->issued_at) + ")");
  }
  if (config->deployed_at > now + kPrivateConfigClockSkew) {
    return Fail(verdict, PrivateConfigFailure::kDatedInFuture,
                "the privateConfig is dated " + FormatInstant(config->deployed_at) +
                    ", later than now (" + FormatInstant(now) + ") plus " +
                    std::to_string(kPrivateConfigClockSkew) + " s");
  }
  if (replacement || record->status == LicenceStatus::kSuperseded) {
    return Fail(verdict, PrivateConfigFailure::kAlreadyReissued,
                record->serial + " was already reissued" +
                    (replacement ? " as " + replacement->serial : std::string()));
  }
  if (record->status == LicenceStatus::kActive) {
    return Fail(verdict, PrivateConfigFailure::kNotRevoked,
                record->serial +
                    " is still active: business must destroy the old component's licence first "
                    "(frlic revoke " +
                    record->serial + " --reason ...)");
  }
  if (record->status != LicenceStatus::kRevoked) {
    return Fail(verdict, PrivateConfigFailure::kLicenceNotRevoked,
                record->serial + " is " + LicenceStatusName(record->status) + ", not revoked");
  }
  verdict.message = "valid: " + record->serial + " (revoked) deployed as instance " +
                    config->instance_id + " since " + FormatInstant(config->deployed_at);
  return verdict;
}

}  // namespace

template <typename Source>
Result<PrivateConfigVerdict> JudgePrivateConfig(Source& source, ByteView bytes,
                                                const std::string& file, UnixSeconds now) {
  std::optional<LedgerRecord> record;
  std::optional<LedgerRecord> replacement;
  if (auto claimed = PeekPrivateConfig(bytes, file); claimed.ok()) {
    FRLIC_ASSIGN_OR_RETURN(record, source.FindBySerial(claimed->serial));
    if (record) {
      FRLIC_ASSIGN_OR_RETURN(replacement, source.FindReplacement(claimed->serial));
    }
  }
  return Judge(bytes, file, record, replacement, now);
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
  FRLIC_ASSIGN_OR_RETURN(auto ledger, Ledger::OpenSqlite(ledger_path, clock));
  return JudgePrivateConfig(*ledger, bytes, path, clock.Now());
}

}  // namespace frlic
