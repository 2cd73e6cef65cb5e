#include "activation_gate.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "frlic/activation/activation_code.h"
#include "frlic/activation/activation_release.h"
#include "frlic/activation/activation_secret.h"
#include "frlic/activation/qr_image.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/customer/product_gate.h"
#include "sim.h"

namespace frlic::sim {
namespace {

Result<ProductGate> LoadGate(const std::string& path) {
  if (!PathExists(path)) return ProductGate{};
  FRLIC_ASSIGN_OR_RETURN(Bytes bytes, ReadFile(path, 1 << 20));
  FRLIC_ASSIGN_OR_RETURN(Json json, ParseStrictJson(AsText(bytes), path));
  return ProductGateFromJson(json, path);
}

Status SaveGate(const std::string& path, const ProductGate& gate) {
  return WriteFileAtomic(path, AsBytes(ProductGateToJson(gate).dump() + "\n"),
                         {0600, Overwrite::kYes});
}

}  // namespace

void AddGateOptions(CLI::App* command, GateOptions& o) {
  command->add_option("--activation-secret", o.activation_secret,
                      "Activation secret built into the product (frlic keys "
                      "export-activation-secret)");
  command->add_option("--state", o.state, "The activation state file");
  command->add_option("--project", o.project, "The project's identity (install id)");
  command->add_option(
      "--activation-url", o.activation_url,
      "The vendor page the QR points at (default " + std::string(kDefaultActivationUrl) + ")");
  auto* qr =
      command->add_option("--qr", o.qr, "Show a QR code: write it as PNG here, print its payload");
  auto* code =
      command->add_option("--code", o.code, "Check the 6-digit code the vendor's page gave");
  command->add_flag("--restart", o.restart, "The product restarted: a new scan is needed");
  // A release is a step of its own: combined with a QR or a code, an early refusal of those
  // could leave the release QR written and the activation not forgotten.
  command
      ->add_option("--release", o.release,
                   "Re-register: release the activated project, write the release QR PNG here")
      ->excludes(qr)
      ->excludes(code);
  command->add_option(
      "--release-url", o.release_url,
      "The vendor page the release QR points at (default " + std::string(kDefaultReleaseUrl) + ")");
  command
      ->add_option("--nodes", o.nodes,
                   "The cluster's nodes, all with the same --project (checked against the "
                   "licence's capacity at activation)")
      ->check(CLI::PositiveNumber);
}

Result<bool> GateActivated(const std::string& state_path) {
  FRLIC_ASSIGN_OR_RETURN(ProductGate gate, LoadGate(state_path));
  return !gate.activated_project.empty();
}

bool GateRequested(const GateOptions& o) {
  return !o.qr.empty() || !o.code.empty() || o.restart || !o.release.empty();
}

namespace {

Result<ActivationSecret> ProductSecret(const GateOptions& o, const std::string& key_id,
                                       const char* what) {
  if (o.activation_secret.empty()) {
    return Error(ErrorCode::kInvalidInput,
                 std::string(what) + " needs the product's activation secret",
                 "pass --activation-secret FILE");
  }
  FRLIC_ASSIGN_OR_RETURN(ActivationSecret secret, ReadActivationSecretFile(o.activation_secret));
  if (secret.key_id != key_id) {
    return Error(ErrorCode::kUnknownKey, "the licence was signed by key " + key_id + ", but " +
                                             o.activation_secret + " is the secret of key " +
                                             secret.key_id);
  }
  return secret;
}

}  // namespace

int RunGate(const GateOptions& o, const std::string& serial, const std::string& key_id,
            std::int64_t capacity) {
  auto now = SimNow();
  if (!now.ok()) return ReportError(now.error());
  auto gate = LoadGate(o.state);
  if (!gate.ok()) return ReportError(gate.error());
  nlohmann::ordered_json out;
  int exit_code = 0;
  if (!o.release.empty()) {
    auto secret = ProductSecret(o, key_id, "re-registering");
    if (!secret.ok()) return ReportError(secret.error());
    auto random = SimRandom("the release nonce");
    if (!random.ok()) return ReportError(random.error());
    auto release = ReleaseProject(*gate, secret->secret, serial, key_id, *now, **random);
    if (!release.ok()) return ReportError(release.error());
    // The product forgets its activation before it shows the proof that it did.
    if (auto saved = SaveGate(o.state, *gate); !saved.ok()) return ReportError(saved.error());
    const std::string url = ActivationReleaseUrl(
        o.release_url.empty() ? std::string(kDefaultReleaseUrl) : o.release_url, *release);
    if (auto written = WriteQrPng(url, o.release, Overwrite::kYes); !written.ok()) {
      return ReportError(written.error());
    }
    out["released"] = release->payload.project;
    out["release_qr"] = o.release;
    out["payload"] = url;
  }
  // Seed 000 "Cluster": the nodes share the project identity; their number is checked here.
  if (!o.qr.empty() || !o.code.empty()) {
    if (auto fits = CheckClusterCapacity(o.nodes, capacity); !fits.ok()) {
      out["verdict"] = "capacity-reached";
      out["message"] = fits.error().message();
      out["activated"] = !gate->activated_project.empty();
      std::cout << out.dump() << "\n";
      return 1;
    }
  }
  if (o.restart) {
    gate->activated_project.clear();
    gate->activated_at = 0;
    gate->shown.reset();
    out["restarted"] = true;
  }
  if (!o.qr.empty()) {
    auto random = SimRandom("the QR nonce");
    if (!random.ok()) return ReportError(random.error());
    const ActivationPayload& payload =
        ShowQr(*gate, serial, key_id, ProjectFingerprint(o.project), *now, **random);
    const std::string url = ActivationUrl(
        o.activation_url.empty() ? std::string(kDefaultActivationUrl) : o.activation_url, payload);
    if (auto written = WriteQrPng(url, o.qr, Overwrite::kYes); !written.ok()) {
      return ReportError(written.error());
    }
    out["qr"] = o.qr;
    out["payload"] = url;
    out["valid_until"] = FormatInstant(payload.shown_at + kQrValidity);
  }
  if (!o.code.empty()) {
    auto secret = ProductSecret(o, key_id, "checking a code");
    if (!secret.ok()) return ReportError(secret.error());
    const CodeResult result = EnterCode(*gate, secret->secret, o.code, *now);
    out["verdict"] = CodeVerdictName(result.verdict);
    out["message"] = result.message;
    if (result.verdict == CodeVerdict::kWrongCode || result.verdict == CodeVerdict::kMalformed) {
      out["attempts_left"] = result.attempts_left;
    }
    if (result.locked_until != 0) out["locked_until"] = FormatInstant(result.locked_until);
    exit_code = result.verdict == CodeVerdict::kAccepted ? 0 : 1;
  }
  if (auto saved = SaveGate(o.state, *gate); !saved.ok()) return ReportError(saved.error());
  out["activated"] = !gate->activated_project.empty();
  std::cout << out.dump() << "\n";
  return exit_code;
}

}  // namespace frlic::sim
