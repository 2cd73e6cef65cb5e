// The vendor's side of QR activation (frlic activate, frlic serve): check the payload a
// product's QR carries against the ledger, bind the licence to the project, answer the code
// (docs/formats.md, "Activation").
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "frlic/activation/activation_code.h"
#include "frlic/activation/activation_release.h"
#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/ledger/ledger.h"

namespace frlic {

enum class ActivationFailure {
  kMalformed,         // not an activation payload
  kUnknownSerial,     // no such licence in the ledger
  kNotActivatable,    // a licence of a method that is not activated by QR
  kKeyMismatch,       // the payload names another signing key than the licence's
  kLicenceNotActive,  // revoked, superseded, ...
  kExpired,           // the licence has expired
  kStale,             // the QR is older than five minutes
  kFromFuture,        // the QR is dated after now (beyond the clock skew)
  kBoundElsewhere,    // another project holds the licence until business cancels it
};
const char* ActivationFailureName(ActivationFailure failure);  // "bound-elsewhere", ...

struct ActivationVerdict {
  std::optional<ActivationFailure> failure;  // empty: the code was issued
  std::string message;                       // for people
  std::string serial;
  std::string project;
  std::string code;             // the 6 digits, when valid
  UnixSeconds valid_until = 0;  // shown_at + five minutes
  std::string bound_project;    // kBoundElsewhere: the project that holds it
  UnixSeconds bound_at = 0;
  bool valid() const { return !failure.has_value(); }
};

// The activation secret of signing key `key_id`, or kUnknownKey.
using ActivationSecrets = std::function<Result<const SecretBytes*>(const std::string& key_id)>;

// Judges `payload_text` (a URL or its query; `source` names where it came from) and, when it
// passes, records the binding serial -> project (event "activate") in the same transaction
// and returns the code. A refusal changes nothing.
Result<ActivationVerdict> Activate(Ledger& ledger, std::string_view payload_text,
                                   const std::string& source, const ActivationSecrets& secrets,
                                   UnixSeconds now);

// The project the licence is bound to (empty if none), from its events.
struct ActivationBinding {
  std::string project;
  UnixSeconds bound_at = 0;  // the first activation of this project (vendor's clock)
  // The QR time (product's clock) of the project's latest activation; a release must be dated
  // at or after it. For an event without shown_at: its time less the clock skew.
  UnixSeconds last_shown_at = 0;
};
Result<std::optional<ActivationBinding>> CurrentBinding(LedgerTxn& txn, const std::string& serial);

// Business cancels the registration (event "activation-cancel"), so another project may
// activate. kNotFound for an unknown serial, kConflict when it is bound to no project.
Result<ActivationBinding> CancelActivation(Ledger& ledger, const std::string& serial,
                                           const std::string& reason);

// The product's "Re-register" (docs/formats.md section 11.8): why a release is refused.
enum class ReleaseFailure {
  kMalformed,       // not a release payload
  kUnknownSerial,   // no such licence in the ledger
  kNotActivatable,  // not a licence activated by QR
  kKeyMismatch,     // the payload names another signing key than the licence's
  kBadTag,          // the tag is not the one the activation secret gives
  kNotBound,        // the licence is bound to no project, or to another one
  kBeforeBinding,   // dated before the project's latest activation (an old release)
  kReplayed,        // its nonce was already accepted in a release of this licence
  kFromFuture,      // dated after now (beyond the clock skew)
  kStale,           // older than kReleaseValidity
};
const char* ReleaseFailureName(ReleaseFailure failure);  // "bad-tag", ...

struct ReleaseVerdict {
  std::optional<ReleaseFailure> failure;  // empty: released
  std::string message;
  std::string serial;
  std::string project;  // the released project
  bool released() const { return !failure.has_value(); }
};

// Judges a release and, when it passes, records the event "activation-release" (detail
// {"nonce","project","released_at","status"}) in the same transaction, which ends the binding
// as "activation-cancel" does. A refusal changes nothing.
Result<ReleaseVerdict> ReleaseActivation(Ledger& ledger, std::string_view payload_text,
                                         const std::string& source,
                                         const ActivationSecrets& secrets, UnixSeconds now);

}  // namespace frlic
