#include "frlic/issue/activate.h"

#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/licence/container_licence.h"
#include "frlic/order/order.h"

namespace frlic {
namespace {

constexpr char kActivateAction[] = "activate";
constexpr char kCancelAction[] = "activation-cancel";
constexpr char kReleaseAction[] = "activation-release";

ActivationVerdict Refuse(ActivationVerdict verdict, ActivationFailure failure,
                         std::string message) {
  verdict.failure = failure;
  verdict.message = std::move(message);
  return verdict;
}

}  // namespace

const char* ActivationFailureName(ActivationFailure failure) {
  switch (failure) {
    case ActivationFailure::kMalformed:
      return "malformed";
    case ActivationFailure::kUnknownSerial:
      return "unknown-serial";
    case ActivationFailure::kNotActivatable:
      return "not-activatable";
    case ActivationFailure::kKeyMismatch:
      return "key-mismatch";
    case ActivationFailure::kLicenceNotActive:
      return "licence-not-active";
    case ActivationFailure::kExpired:
      return "expired";
    case ActivationFailure::kStale:
      return "stale";
    case ActivationFailure::kFromFuture:
      return "from-future";
    case ActivationFailure::kBoundElsewhere:
      return "bound-elsewhere";
  }
  return "malformed";
}

Result<std::optional<ActivationBinding>> CurrentBinding(LedgerTxn& txn, const std::string& serial) {
  FRLIC_ASSIGN_OR_RETURN(auto events, txn.Events(serial));
  std::optional<ActivationBinding> binding;
  for (const LedgerEvent& event : events) {
    // Business's cancel and the product's proven release both end the binding.
    if (event.action == kCancelAction || event.action == kReleaseAction) binding.reset();
    if (event.action != kActivateAction) continue;
    FRLIC_ASSIGN_OR_RETURN(Json detail, ParseStrictJson(event.detail_json, "ledger event"));
    const std::string project = detail.value("project", "");
    // A re-activation by the same project keeps the original binding time.
    if (!binding || binding->project != project) binding = ActivationBinding{project, event.at};
    // ... but a release must be dated at or after the latest activation (finding: a release
    // made before a re-activation must not end it), on the product's own clock.
    const auto shown_at = ParseInstant(detail.value("shown_at", ""));
    binding->last_shown_at = shown_at ? *shown_at : event.at - kActivationClockSkew;
  }
  return binding;
}

Result<bool> ReleaseNonceUsed(LedgerTxn& txn, const std::string& serial, const std::string& nonce) {
  FRLIC_ASSIGN_OR_RETURN(auto events, txn.Events(serial));
  for (const LedgerEvent& event : events) {
    if (event.action != kReleaseAction) continue;
    FRLIC_ASSIGN_OR_RETURN(Json detail, ParseStrictJson(event.detail_json, "ledger event"));
    if (detail.value("nonce", "") == nonce) return true;
  }
  return false;
}

Result<ActivationVerdict> Activate(Ledger& ledger, std::string_view payload_text,
                                   const std::string& source, const ActivationSecrets& secrets,
                                   UnixSeconds now) {
  ActivationVerdict verdict;
  auto payload = ParseActivation(payload_text, source);
  if (!payload.ok()) {
    std::string message = payload.error().message();
    for (const Problem& problem : payload.error().problems()) {
      message += "; " + FormatProblem(problem);
    }
    return Refuse(verdict, ActivationFailure::kMalformed, message);
  }
  verdict.serial = payload->serial;
  verdict.project = payload->project;
  verdict.valid_until = payload->shown_at + kQrValidity;
  // Unlocked before the transaction: a passphrase prompt must not hold the ledger's write lock.
  // An unknown key is reported only where it matters, after the serial and key checks.
  const Result<const SecretBytes*> secret = secrets(payload->key_id);
  FRLIC_RETURN_IF_ERROR(ledger.Transaction([&](LedgerTxn& txn) -> Status {
    FRLIC_ASSIGN_OR_RETURN(auto record, txn.FindBySerial(payload->serial));
    if (!record) {
      verdict = Refuse(verdict, ActivationFailure::kUnknownSerial,
                       "the ledger has no licence " + payload->serial);
      return Ok();
    }
    if (record->method != MethodName(Method::kLocalContainer) &&
        record->method != MethodName(Method::kContainerPrivateCloud)) {
      verdict = Refuse(verdict, ActivationFailure::kNotActivatable,
                       payload->serial + " is a " + record->method +
                           " licence; only local-container and container-private-cloud "
                           "licences are activated by QR code");
      return Ok();
    }
    if (payload->key_id != record->key_id) {
      verdict = Refuse(verdict, ActivationFailure::kKeyMismatch,
                       "the QR names signing key " + payload->key_id + ", but " + payload->serial +
                           " was signed by " + record->key_id);
      return Ok();
    }
    if (record->status != LicenceStatus::kActive) {
      verdict =
          Refuse(verdict, ActivationFailure::kLicenceNotActive,
                 payload->serial + " is " + LicenceStatusName(record->status) + ", not active");
      return Ok();
    }
    FRLIC_ASSIGN_OR_RETURN(Json terms_json,
                           ParseStrictJson(record->terms_json, "ledger record " + record->serial));
    FRLIC_ASSIGN_OR_RETURN(Terms terms,
                           TermsFromJson(terms_json, "ledger record " + record->serial));
    if (IsExpired(terms.expires, now)) {
      verdict = Refuse(verdict, ActivationFailure::kExpired,
                       payload->serial + " expired on " + FormatDate(terms.expires));
      return Ok();
    }
    if (payload->shown_at > now + kActivationClockSkew) {
      verdict = Refuse(verdict, ActivationFailure::kFromFuture,
                       "the QR code is dated " + FormatInstant(payload->shown_at) +
                           ", later than now (" + FormatInstant(now) + ")");
      return Ok();
    }
    if (now > payload->shown_at + kQrValidity) {
      verdict = Refuse(verdict, ActivationFailure::kStale,
                       "the QR code was shown at " + FormatInstant(payload->shown_at) +
                           " and is valid for five minutes: refresh it on the product and scan "
                           "again");
      return Ok();
    }
    FRLIC_ASSIGN_OR_RETURN(auto binding, CurrentBinding(txn, payload->serial));
    if (binding && binding->project != payload->project) {
      verdict.bound_project = binding->project;
      verdict.bound_at = binding->bound_at;
      verdict = Refuse(verdict, ActivationFailure::kBoundElsewhere,
                       payload->serial + " is registered to project " + binding->project +
                           " since " + FormatInstant(binding->bound_at) +
                           "; that project must re-register on the product first (its release "
                           "goes to frlic activation release), or, if it is lost, business "
                           "cancels it (frlic activation cancel " +
                           payload->serial + " --reason ...)");
      return Ok();
    }
    if (!secret.ok()) return secret.error();
    verdict.code = ActivationCode(**secret, *payload);
    const Json detail = {{"project", payload->project},
                         {"nonce", payload->nonce},
                         {"shown_at", FormatInstant(payload->shown_at)}};
    return txn.SetStatus(payload->serial, LicenceStatus::kActive, kActivateAction, detail.dump());
  }));
  if (verdict.valid()) {
    verdict.message = "code for " + verdict.serial + ", project " + verdict.project +
                      ", valid until " + FormatInstant(verdict.valid_until);
  }
  return verdict;
}

Result<ActivationBinding> CancelActivation(Ledger& ledger, const std::string& serial,
                                           const std::string& reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error(ErrorCode::kInvalidInput, "cancelling a registration needs a reason",
                 "pass --reason TEXT");
  }
  ActivationBinding cancelled;
  FRLIC_RETURN_IF_ERROR(ledger.Transaction([&](LedgerTxn& txn) -> Status {
    FRLIC_ASSIGN_OR_RETURN(auto record, txn.FindBySerial(serial));
    if (!record) return Error(ErrorCode::kNotFound, "the ledger has no licence " + serial);
    FRLIC_ASSIGN_OR_RETURN(auto binding, CurrentBinding(txn, serial));
    if (!binding) {
      return Error(ErrorCode::kConflict, serial + " is not registered to any project");
    }
    cancelled = *binding;
    const Json detail = {{"project", binding->project}, {"reason", reason}};
    return txn.SetStatus(serial, record->status, kCancelAction, detail.dump());
  }));
  return cancelled;
}

const char* ReleaseFailureName(ReleaseFailure failure) {
  switch (failure) {
    case ReleaseFailure::kMalformed:
      return "malformed";
    case ReleaseFailure::kUnknownSerial:
      return "unknown-serial";
    case ReleaseFailure::kNotActivatable:
      return "not-activatable";
    case ReleaseFailure::kKeyMismatch:
      return "key-mismatch";
    case ReleaseFailure::kBadTag:
      return "bad-tag";
    case ReleaseFailure::kNotBound:
      return "not-bound";
    case ReleaseFailure::kBeforeBinding:
      return "dated-before-binding";
    case ReleaseFailure::kFromFuture:
      return "from-future";
    case ReleaseFailure::kStale:
      return "stale";
    case ReleaseFailure::kReplayed:
      return "replayed";
  }
  return "malformed";
}

Result<ReleaseVerdict> ReleaseActivation(Ledger& ledger, std::string_view payload_text,
                                         const std::string& source,
                                         const ActivationSecrets& secrets, UnixSeconds now) {
  ReleaseVerdict verdict;
  auto refuse = [&](ReleaseFailure failure, std::string message) {
    verdict.failure = failure;
    verdict.message = std::move(message);
    return Ok();
  };
  auto release = ParseActivationRelease(payload_text, source);
  if (!release.ok()) {
    std::string message = release.error().message();
    for (const Problem& problem : release.error().problems()) {
      message += "; " + FormatProblem(problem);
    }
    verdict.failure = ReleaseFailure::kMalformed;
    verdict.message = message;
    return verdict;
  }
  const ActivationPayload& payload = release->payload;
  verdict.serial = payload.serial;
  verdict.project = payload.project;
  // Unlocked before the transaction, as in Activate.
  const Result<const SecretBytes*> secret = secrets(payload.key_id);
  FRLIC_RETURN_IF_ERROR(ledger.Transaction([&](LedgerTxn& txn) -> Status {
    FRLIC_ASSIGN_OR_RETURN(auto record, txn.FindBySerial(payload.serial));
    if (!record) {
      return refuse(ReleaseFailure::kUnknownSerial, "the ledger has no licence " + payload.serial);
    }
    if (record->method != MethodName(Method::kLocalContainer) &&
        record->method != MethodName(Method::kContainerPrivateCloud)) {
      return refuse(ReleaseFailure::kNotActivatable,
                    payload.serial + " is a " + record->method +
                        " licence; only licences activated by QR code are released");
    }
    if (payload.key_id != record->key_id) {
      return refuse(ReleaseFailure::kKeyMismatch, "the release names signing key " +
                                                      payload.key_id + ", but " + payload.serial +
                                                      " was signed by " + record->key_id);
    }
    if (!secret.ok()) return secret.error();
    if (!ActivationReleaseTagMatches(**secret, *release)) {
      return refuse(ReleaseFailure::kBadTag,
                    "the release tag is not the one the product computes for this payload: it "
                    "was altered or not made by the product");
    }
    FRLIC_ASSIGN_OR_RETURN(bool replayed, ReleaseNonceUsed(txn, payload.serial, payload.nonce));
    if (replayed) {
      return refuse(ReleaseFailure::kReplayed,
                    "this release (nonce " + payload.nonce +
                        ") was already accepted: each release ends one binding once");
    }
    FRLIC_ASSIGN_OR_RETURN(auto binding, CurrentBinding(txn, payload.serial));
    if (!binding || binding->project != payload.project) {
      return refuse(ReleaseFailure::kNotBound,
                    payload.serial +
                        (binding ? " is registered to project " + binding->project
                                 : std::string(" is registered to no project")) +
                        ", not to " + payload.project + ": there is nothing to release");
    }
    // Both dates come from the product's clock: a release made before the project's latest
    // activation (a re-activation since) cannot end that activation.
    if (payload.shown_at < binding->last_shown_at) {
      return refuse(ReleaseFailure::kBeforeBinding,
                    "the release is dated " + FormatInstant(payload.shown_at) +
                        ", before the project's latest activation (QR shown at " +
                        FormatInstant(binding->last_shown_at) +
                        "): an old release cannot end a later activation");
    }
    if (payload.shown_at > now + kActivationClockSkew) {
      return refuse(ReleaseFailure::kFromFuture,
                    "the release is dated " + FormatInstant(payload.shown_at) +
                        ", later than now (" + FormatInstant(now) + ")");
    }
    if (now > payload.shown_at + kReleaseValidity) {
      return refuse(ReleaseFailure::kStale, "the release was made at " +
                                                FormatInstant(payload.shown_at) +
                                                " and is accepted for seven days: re-register on "
                                                "the product again");
    }
    const Json detail = {{"project", payload.project},
                         {"nonce", payload.nonce},
                         {"released_at", FormatInstant(payload.shown_at)}};
    return txn.SetStatus(payload.serial, record->status, kReleaseAction, detail.dump());
  }));
  if (verdict.released()) {
    verdict.message = "released " + verdict.serial + " from project " + verdict.project +
                      "; another project may now activate it";
  }
  return verdict;
}

}  // namespace frlic
