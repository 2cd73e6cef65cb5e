// frlic activate PAYLOAD | --qr-image PNG, frlic activation release PAYLOAD | --qr-image PNG and
// frlic activation cancel SERIAL --reason TEXT: the vendor's answer to a product's activation QR
// code, the product's proven release ("Re-register"), and business cancelling a registration for
// a lost project, so another project may activate.
#include <iostream>
#include <map>

#include "cli.h"
#include "frlic/activation/activation_secret.h"
#include "frlic/activation/qr_image.h"
#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/issue/activate.h"

namespace frlic::cli {

int ReportActivation(const GlobalOptions& options, const ActivationVerdict& verdict) {
  const char* name = verdict.valid() ? "valid" : ActivationFailureName(*verdict.failure);
  nlohmann::ordered_json out;
  out["ok"] = verdict.valid();
  out["verdict"] = name;
  out["message"] = verdict.message;
  if (!verdict.serial.empty()) out["serial"] = verdict.serial;
  if (!verdict.project.empty()) out["project"] = verdict.project;
  if (verdict.valid()) {
    out["code"] = verdict.code;
    out["valid_until"] = FormatInstant(verdict.valid_until);
  }
  if (!verdict.bound_project.empty()) {
    out["bound_project"] = verdict.bound_project;
    out["bound_at"] = FormatInstant(verdict.bound_at);
  }
  if (options.json) {
    std::cout << JsonText(out) << "\n";
  } else if (verdict.valid()) {
    std::cout << verdict.code << "\n" << verdict.message << "\n";
  } else {
    std::cout << "no code (" << name << "): " << verdict.message << "\n";
  }
  return verdict.valid() ? kExitOk : kExitVerdict;
}

// Activation secrets of the keyring's signing keys, each unlocked when first needed.
class SecretCache {
 public:
  SecretCache(const Keyring& keyring, const GlobalOptions& options)
      : keyring_(keyring), options_(options) {}
  Result<const SecretBytes*> Get(const std::string& key_id) {
    if (auto it = secrets_.find(key_id); it != secrets_.end()) return &it->second;
    FRLIC_ASSIGN_OR_RETURN(ActivationSecret secret,
                           UnlockActivationSecret(keyring_, UnlockFor(options_), key_id));
    return &secrets_.emplace(key_id, std::move(secret.secret)).first->second;
  }

 private:
  const Keyring& keyring_;
  const GlobalOptions& options_;
  std::map<std::string, SecretBytes> secrets_;
};

// What the vendor is asked to judge: the payload argument, or the QR image decoded here, and
// how messages name it. kInvalidInput when neither was given (`what`: "activate", "release").
struct QrText {
  std::string text;
  std::string source;
};
Result<QrText> ReadQrArgument(const std::string& payload, const std::string& qr_image,
                              const std::string& what) {
  if (payload.empty() && qr_image.empty()) {
    return Error(ErrorCode::kInvalidInput, "nothing to " + what,
                 "give the QR's URL or --qr-image PNG");
  }
  if (qr_image.empty()) return QrText{payload, "the payload"};
  FRLIC_ASSIGN_OR_RETURN(std::string decoded, ReadQrPng(qr_image));
  return QrText{std::move(decoded), qr_image};
}

// What the vendor's side of activation and release opens: the clock, the keyring (example-keys
// policy applied) and the ledger, which must already exist.
struct VendorSide {
  std::unique_ptr<Clock> clock;
  Keyring keyring;
  std::unique_ptr<Ledger> ledger;
};
Result<VendorSide> OpenVendorSide(const GlobalOptions& options) {
  FRLIC_ASSIGN_OR_RETURN(std::unique_ptr<Clock> clock, MakeClock());
  FRLIC_ASSIGN_OR_RETURN(Keyring keyring,
                         LoadKeyring(options.KeysDir(), options.allow_example_keys));
  FRLIC_ASSIGN_OR_RETURN(std::unique_ptr<Ledger> ledger,
                         Ledger::Open(options.LedgerPath(), *clock));
  return VendorSide{std::move(clock), std::move(keyring), std::move(ledger)};
}

// frlic activation release: the vendor's side of the product's "Re-register" (docs/formats.md
// section 11.8). Exit 0 released, 1 refused with the reason, 4 for a payload that does not read.
int RunRelease(const GlobalOptions& options, const std::string& payload,
               const std::string& qr_image) {
  auto qr = ReadQrArgument(payload, qr_image, "release");
  if (!qr.ok()) return ReportError(options, qr.error());
  const std::string& text = qr->text;
  const std::string& source = qr->source;
  // A payload that does not read is refused before the ledger is touched; the ledger must
  // already exist (a release never creates one).
  if (auto parsed = ParseActivationRelease(text, source); !parsed.ok()) {
    return ReportError(options, parsed.error());
  }
  if (!Ledger::IsShared(options.LedgerPath())) {
    if (Status present = RequireRegularFile(options.LedgerPath(), "the ledger"); !present.ok()) {
      return ReportError(options, present.error());
    }
  }
  auto vendor = OpenVendorSide(options);
  if (!vendor.ok()) return ReportError(options, vendor.error());
  SecretCache secrets(vendor->keyring, options);
  auto verdict = ReleaseActivation(
      *vendor->ledger, text, source, [&](const std::string& key_id) { return secrets.Get(key_id); },
      vendor->clock->Now());
  if (!verdict.ok()) return ReportError(options, verdict.error());
  if (verdict->failure == ReleaseFailure::kMalformed) {
    return ReportError(options, Error(ErrorCode::kMalformed, verdict->message));
  }
  nlohmann::ordered_json out;
  out["ok"] = verdict->released();
  out["verdict"] = verdict->released() ? "released" : ReleaseFailureName(*verdict->failure);
  out["serial"] = verdict->serial;
  out["project"] = verdict->project;
  out["message"] = verdict->message;
  if (options.json) {
    std::cout << JsonText(out) << "\n";
  } else if (!verdict->released() || !options.quiet) {  // --quiet: the exit status says it
    std::cout << (verdict->released() ? "" : "refused (" + std::string(out["verdict"]) + "): ")
              << verdict->message << "\n";
  }
  return verdict->released() ? kExitOk : kExitVerdict;
}

void AddActivate(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "activate",
      "Answer a product's activation QR code: check it, bind the licence to the project, print "
      "the 6-digit code");
  auto payload = std::make_shared<std::string>();
  auto qr_image = std::make_shared<std::string>();
  auto* payload_option =
      command->add_option("payload", *payload, "The QR's content: the URL, or its query");
  auto* image_option =
      command->add_option("--qr-image", *qr_image, "A PNG image of the QR code (decoded here)");
  payload_option->excludes(image_option);
  AddKeysOption(command, options);
  AddLedgerOption(command, options);
  AddPassphraseOption(command, options);
  AddExampleKeysFlag(command, options);
  AddJsonFlag(command, options);
  commands.push_back(
      {command, [&options, payload, qr_image]() {
         auto qr = ReadQrArgument(*payload, *qr_image, "activate");
         if (!qr.ok()) return ReportError(options, qr.error());
         const std::string& text = qr->text;
         const std::string& source = qr->source;
         auto vendor = OpenVendorSide(options);
         if (!vendor.ok()) return ReportError(options, vendor.error());
         SecretCache secrets(vendor->keyring, options);
         auto verdict = Activate(
             *vendor->ledger, text, source,
             [&](const std::string& key_id) { return secrets.Get(key_id); }, vendor->clock->Now());
         if (!verdict.ok()) return ReportError(options, verdict.error());
         // A payload that cannot be parsed gets no verdict (docs/cli.md, "Bad input").
         if (verdict->failure == ActivationFailure::kMalformed) {
           return ReportError(options, Error(ErrorCode::kMalformed, verdict->message));
         }
         return ReportActivation(options, *verdict);
       }});

  auto* activation = app.add_subcommand("activation", "Manage activation registrations");
  activation->require_subcommand(1);
  auto* cancel = activation->add_subcommand(
      "cancel", "Cancel a licence's registration, so that another project may activate it");
  auto serial = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  cancel->add_option("serial", *serial, "The licence's serial")->required();
  cancel->add_option("--reason", *reason, "Why, for the ledger's event log")->required();
  AddLedgerOption(cancel, options);
  AddJsonFlag(cancel, options);
  auto* release = activation->add_subcommand(
      "release",
      "Accept a product's proven release (\"Re-register\"), so that another project may activate");
  auto release_payload = std::make_shared<std::string>();
  auto release_image = std::make_shared<std::string>();
  auto* release_payload_option = release->add_option(
      "payload", *release_payload, "The release QR's content: the URL, or its query");
  auto* release_image_option = release->add_option("--qr-image", *release_image,
                                                   "A PNG image of the release QR (decoded here)");
  release_payload_option->excludes(release_image_option);
  AddKeysOption(release, options);
  AddLedgerOption(release, options);
  AddPassphraseOption(release, options);
  AddExampleKeysFlag(release, options);
  AddJsonFlag(release, options);
  commands.push_back({release, [&options, release_payload, release_image]() {
                        return RunRelease(options, *release_payload, *release_image);
                      }});

  commands.push_back({cancel, [&options, serial, reason]() {
                        auto clock = MakeClock();
                        if (!clock.ok()) return ReportError(options, clock.error());
                        auto ledger = Ledger::Open(options.LedgerPath(), **clock);
                        if (!ledger.ok()) return ReportError(options, ledger.error());
                        auto cancelled = CancelActivation(**ledger, *serial, *reason);
                        if (!cancelled.ok()) return ReportError(options, cancelled.error());
                        nlohmann::ordered_json out;
                        out["serial"] = *serial;
                        out["cancelled_project"] = cancelled->project;
                        out["bound_since"] = FormatInstant(cancelled->bound_at);
                        return ReportSuccess(options, out, [&] {
                          std::cout << "Cancelled the registration of " << *serial << " to project "
                                    << cancelled->project << "\n";
                        });
                      }});
}

}  // namespace frlic::cli
