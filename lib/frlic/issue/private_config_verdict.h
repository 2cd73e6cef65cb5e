// The verdict on a container component's privateConfig, the evidence that a moved component
// ran where it says: read-only against the ledger (frlic verify-private-config), or inside a
// ledger transaction (reissue judges again inside the transaction that supersedes the old
// licence).
#pragma once

#include <optional>
#include <string>

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/ledger/ledger.h"

namespace frlic {

// How far a privateConfig may be dated after "now": 5 minutes, as for a receipt.
inline constexpr UnixSeconds kPrivateConfigClockSkew = 300;

enum class PrivateConfigFailure {
  kMalformed,
  kBadSignature,
  kUnknownSerial,
  kNotContainerPrivateCloud,
  kLicenceMismatch,
  kDatedBeforeIssue,
  kDatedInFuture,
  kNotRevoked,         // still active: business has not destroyed it (frlic revoke)
  kAlreadyReissued,    // a replacement was issued from it already
  kLicenceNotRevoked,  // in another state (pending, aborted, ...)
};
const char* PrivateConfigFailureName(PrivateConfigFailure failure);  // "not-revoked", ...

struct PrivateConfigVerdict {
  std::optional<PrivateConfigFailure> failure;  // empty: valid
  std::string message;
  std::string serial;
  std::string private_config_sha256;
  std::string instance_id;
  UnixSeconds deployed_at = 0;
  bool valid() const { return !failure.has_value(); }
};

// The read-only verdict on a component's privateConfig against the ledger.
Result<PrivateConfigVerdict> VerifyPrivateConfig(const std::string& path,
                                                 const std::string& ledger_path,
                                                 const Clock& clock);

// Source is Ledger or LedgerTxn (both provide FindBySerial and FindReplacement).
template <typename Source>
Result<PrivateConfigVerdict> JudgePrivateConfig(Source& source, ByteView bytes,
                                                const std::string& file, UnixSeconds now);

}  // namespace frlic
