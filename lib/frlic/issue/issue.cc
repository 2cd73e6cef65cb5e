// The issue pipeline: check the order, open the session, ask for the passphrase, build and
// verify the artifact (sign -> verify -> stage), record it in two phases.
#include "frlic/issue/issue.h"

#include <optional>

#include "frlic/core/time.h"
#include "frlic/issue/machine_rules.h"
#include "frlic/issue/public_cloud.h"
#include "frlic/licence/server_licence.h"
#include "internal/container_cloud.h"
#include "internal/local_container.h"
#include "internal/private_cloud.h"
#include "internal/publish.h"
#include "internal/session.h"

namespace frlic {
namespace {

// The order's method and --rif must go together: only private cloud binds to a machine.
Status CheckRifFor(const IssueRequest& request, Method method) {
  if (method == Method::kPrivateCloud && request.rif_path.empty()) {
    return Error(ErrorCode::kInvalidInput,
                 request.order_path + ": a private-cloud order needs the customer's RIF",
                 "pass --rif MachineInfo.rif");
  }
  if (method != Method::kPrivateCloud && !request.rif_path.empty()) {
    return Error(ErrorCode::kInvalidInput,
                 request.order_path + ": method " + MethodName(method) + " takes no --rif");
  }
  return Ok();
}

}  // namespace

Status CheckStrictPrivateIps(bool strict, const std::string& order_path, const Order& order) {
  if (!strict || order.warnings().empty()) return Ok();
  const std::size_t count = order.warnings().size();
  return Error(ErrorCode::kInvalidInput,
               order_path + ": " + std::to_string(count) +
                   (count == 1 ? " address is" : " addresses are") +
                   " outside the private ranges (--strict-private-ips)",
               order.warnings());
}

// A re-run for an order id the ledger already holds (docs/cli.md, "Re-running a job"). The
// same order content (method, terms as they would be signed, notes, requested_by; for
// private cloud also the RIF's host) reports the existing licence: nothing is signed or
// written. Anything else is kConflict, as a second licence for one order must never be minted.
Result<IssueResult> AlreadyIssued(const std::string& order_path, const Order& order,
                                  const LedgerRecord& existing,
                                  const std::function<Result<MachineInfo>()>& open_machine) {
  const Method method = order.method();
  Terms terms = order.terms();
  if (method == Method::kPrivateCloud) terms.port = ServerPort(terms);
  std::string differs;
  if (existing.method != MethodName(method)) {
    differs = "its method (" + existing.method + ")";
  } else if (existing.terms_json != TermsToJson(terms).dump()) {
    differs = "its terms";
  } else if (existing.notes != order.notes() || existing.requested_by != order.requested_by()) {
    differs = "its notes or requested_by";
  }
  if (differs.empty() && method == Method::kPrivateCloud) {
    FRLIC_ASSIGN_OR_RETURN(MachineInfo machine, open_machine());
    if (machine.fingerprint() != existing.machine_fingerprint) differs = "its host (the RIF)";
  }
  if (!differs.empty()) {
    return Error(ErrorCode::kConflict,
                 order_path + ": order " + order.order_id() + " was already issued as " +
                     existing.serial + " on " + FormatInstant(existing.issued_at) +
                     ", and this order differs from it in " + differs,
                 "a re-run must not mint a second licence; give a new order a new order_id, or "
                 "see: frlic ledger show " +
                     existing.serial);
  }
  // Only a licence still in force is reported as delivered: a revoked, destroyed or
  // superseded one is not what the job was asked to produce.
  if (existing.status != LicenceStatus::kActive && existing.status != LicenceStatus::kPending) {
    return Error(ErrorCode::kConflict,
                 order_path + ": order " + order.order_id() + " was issued as " + existing.serial +
                     ", which is now " + LicenceStatusName(existing.status) +
                     "; a re-run does not deliver it again",
                 "see: frlic ledger show " + order.order_id() +
                     " (its current licence, if it was reissued); a new licence needs a new "
                     "order_id");
  }
  // A pending record belongs to an issue that is running, or died and is not settled yet (on
  // a shared ledger, until its lease runs out: docs/formats.md 6.5). Its licence may never
  // exist, so it is not reported as delivered; running again later settles it either way.
  if (existing.status == LicenceStatus::kPending) {
    return Error(ErrorCode::kBusy,
                 order_path + ": order " + order.order_id() + " is being issued as " +
                     existing.serial + " (pending since " + FormatInstant(existing.issued_at) +
                     "): another run is issuing it, or was killed and its issue lease has not "
                     "run out yet",
                 "run again later: the next run after the lease (15 minutes) settles it");
  }
  FRLIC_ASSIGN_OR_RETURN(IssueResult result, ExistingLicence(existing));
  result.warnings = order.warnings();
  return result;
}

Result<IssueResult> Issue(const IssueRequest& request, const Passphrase& passphrase,
                          const Clock& clock, Random& random) {
  // Everything that can be checked without the key is checked first.
  FRLIC_ASSIGN_OR_RETURN(Order order, Order::Load(request.order_path));
  const Method method = order.method();
  FRLIC_RETURN_IF_ERROR(CheckRifFor(request, method));
  FRLIC_RETURN_IF_ERROR(
      CheckStrictPrivateIps(request.strict_private_ips, request.order_path, order));
  // Public cloud creates an account and writes no file (public_cloud.cc).
  if (method == Method::kPublicCloud) {
    return IssuePublicCloud(request, order, NewSerial(random), clock, random);
  }
  FRLIC_ASSIGN_OR_RETURN(Session session, OpenSession(request, method, clock));
  FRLIC_ASSIGN_OR_RETURN(auto existing, session.ledger->FindActiveByOrderId(order.order_id()));
  if (existing) {
    return AlreadyIssued(request.order_path, order, *existing, [&]() -> Result<MachineInfo> {
      FRLIC_ASSIGN_OR_RETURN(SecretBytes secret, passphrase.Get());
      return OpenRif(request.rif_path, session.keyring, secret);
    });
  }
  FRLIC_RETURN_IF_ERROR(CheckArtifactPathFree(session, request));

  // The base image is read and verified (every digest) before the passphrase is asked for.
  std::optional<ImageArchive> base;
  if (method == Method::kContainerPrivateCloud) {
    FRLIC_ASSIGN_OR_RETURN(base,
                           OpenBaseImage(BaseImagePathFor(request), session.keyring.is_example()));
  }

  FRLIC_ASSIGN_OR_RETURN(Signer signer, session.keyring.UnlockSigner(passphrase.Unlock()));
  const Issuer issuer{session.keyring, signer, clock, random};
  Terms terms = order.terms();
  // The host's rules are checked under the ledger lock (held since OpenSession), before
  // anything is signed, so two runs cannot both pass them.
  std::optional<MachineInfo> machine;
  if (method == Method::kPrivateCloud) {
    FRLIC_ASSIGN_OR_RETURN(SecretBytes secret, passphrase.Get());
    FRLIC_ASSIGN_OR_RETURN(machine, OpenRif(request.rif_path, session.keyring, secret));
    FRLIC_RETURN_IF_ERROR(CheckMachineIsFree(*session.ledger, *machine, request.rif_path));
    terms.port = ServerPort(terms);  // the ledger keeps the terms as signed
  }
  const ArtifactSpec spec{
      session.path, OverwriteOf(request),     NewSerial(random), order.order_id(),
      terms,        request.on_image_progress};
  auto build = [&]() -> Result<BuiltArtifact> {
    if (method == Method::kLocalContainer) return BuildContainerLicence(spec, issuer);
    if (method == Method::kContainerPrivateCloud) return BuildComponentImage(spec, *base, issuer);
    return BuildServerPackage(spec, *machine, PackageSourcesFor(request, session.keyring), issuer);
  };
  FRLIC_ASSIGN_OR_RETURN(BuiltArtifact built, build());
  FRLIC_ASSIGN_OR_RETURN(LedgerRecord record,
                         RecordFor(spec, method, built, signer.key_id, clock.Now()));
  record.notes = order.notes();
  record.requested_by = order.requested_by();
  Ledger& ledger = *session.ledger;
  FRLIC_ASSIGN_OR_RETURN(IssueResult result,
                         Publish(ledger,
                                 {.built = std::move(built),
                                  .record = record,
                                  .record_pending = [&] { return ledger.BeginIssue(record); }},
                                 request.on_step));
  result.warnings = order.warnings();
  return result;
}

}  // namespace frlic
