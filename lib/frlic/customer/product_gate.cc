#include "frlic/customer/product_gate.h"

#include <algorithm>

#include "frlic/core/bytes.h"
#include "frlic/core/time.h"

namespace frlic {

Json ProductGateToJson(const ProductGate& gate) {
  Json json = {{"wrong_codes", gate.wrong_codes},
               {"locked_until", gate.locked_until},
               {"activated_project", gate.activated_project},
               {"activated_at", gate.activated_at},
               {"shown", gate.shown ? Json(ActivationQuery(*gate.shown)) : Json(nullptr)}};
  return json;
}

Result<ProductGate> ProductGateFromJson(const Json& json, const std::string& file) {
  JsonFields fields(json, file);
  fields.RejectUnknown(
      {"wrong_codes", "locked_until", "activated_project", "activated_at", "shown"});
  ProductGate gate;
  gate.wrong_codes = static_cast<int>(fields.Integer("wrong_codes"));
  gate.locked_until = fields.Integer("locked_until");
  gate.activated_project = fields.String("activated_project");
  gate.activated_at = fields.Integer("activated_at");
  if (gate.wrong_codes < 0 || gate.wrong_codes > kMaxWrongCodes) {
    fields.Add("wrong_codes", "is out of range", std::to_string(gate.wrong_codes),
               "0 to " + std::to_string(kMaxWrongCodes));
  }
  if (!json.is_object() || !json.contains("shown")) {
    fields.Add("shown", "is missing", {}, "the QR payload on screen, or null");
  } else if (!json["shown"].is_string() && !json["shown"].is_null()) {
    fields.Add("shown", "is not a string or null", json["shown"].dump(), "a QR payload, or null");
  }
  if (!fields.problems().empty()) {
    return Error(ErrorCode::kMalformed, file + " is not a product state file",
                 std::move(fields.problems()));
  }
  if (json["shown"].is_string()) {
    FRLIC_ASSIGN_OR_RETURN(gate.shown,
                           ParseActivation(json["shown"].get<std::string>(), file + ": shown"));
  }
  return gate;
}

const ActivationPayload& ShowQr(ProductGate& gate, const std::string& serial,
                                const std::string& key_id, const std::string& project,
                                UnixSeconds now, Random& random) {
  Bytes nonce(8);
  random.Fill(nonce);
  gate.shown = ActivationPayload{serial, key_id, project, HexEncode(nonce), now};
  return *gate.shown;
}

const char* CodeVerdictName(CodeVerdict verdict) {
  switch (verdict) {
    case CodeVerdict::kAccepted:
      return "accepted";
    case CodeVerdict::kWrongCode:
      return "wrong-code";
    case CodeVerdict::kLocked:
      return "locked";
    case CodeVerdict::kExpired:
      return "expired";
    case CodeVerdict::kNoQr:
      return "no-qr";
    case CodeVerdict::kMalformed:
      return "malformed";
  }
  return "wrong-code";
}

CodeResult EnterCode(ProductGate& gate, const SecretBytes& activation_secret, std::string_view code,
                     UnixSeconds now) {
  CodeResult result;
  if (now < gate.locked_until) {
    result.verdict = CodeVerdict::kLocked;
    result.locked_until = gate.locked_until;
    result.message = "input is locked after more than " + std::to_string(kMaxWrongCodes) +
                     " wrong codes until " + FormatInstant(gate.locked_until);
    return result;
  }
  if (!gate.shown) {
    result.verdict = CodeVerdict::kNoQr;
    result.message = "no QR code is shown: show one and scan it first";
    return result;
  }
  if (now > gate.shown->shown_at + kQrValidity) {
    result.verdict = CodeVerdict::kExpired;
    result.message = "the QR code was shown at " + FormatInstant(gate.shown->shown_at) +
                     " and is valid for five minutes: refresh it and scan again";
    return result;
  }
  const bool well_formed = code.size() == 6 && std::all_of(code.begin(), code.end(), [](char c) {
                             return c >= '0' && c <= '9';
                           });
  if (well_formed && ActivationCodeMatches(activation_secret, *gate.shown, code)) {
    gate.activated_project = gate.shown->project;
    gate.activated_at = now;
    gate.shown.reset();
    gate.wrong_codes = 0;
    result.verdict = CodeVerdict::kAccepted;
    result.message = "verification succeeded: the project is activated";
    return result;
  }
  // A malformed entry counts as a wrong one: it is a guess like any other.
  // The lock starts when the count exceeds kMaxWrongCodes: the sixth wrong code locks.
  gate.wrong_codes += 1;
  if (gate.wrong_codes > kMaxWrongCodes) {
    gate.wrong_codes = 0;
    gate.locked_until = now + kWrongCodeLock;
    result.verdict = CodeVerdict::kLocked;
    result.locked_until = gate.locked_until;
    result.message = "wrong code; more than " + std::to_string(kMaxWrongCodes) +
                     " wrong codes lock input until " + FormatInstant(gate.locked_until);
    return result;
  }
  result.verdict = well_formed ? CodeVerdict::kWrongCode : CodeVerdict::kMalformed;
  // Wrong codes still possible; the last of them locks.
  result.attempts_left = kMaxWrongCodes + 1 - gate.wrong_codes;
  result.message = (well_formed ? std::string("wrong code") : std::string("a code is 6 digits")) +
                   "; " + std::to_string(result.attempts_left) + " attempts left before a lock";
  return result;
}

Status CheckClusterCapacity(std::int64_t cluster_nodes, std::int64_t capacity) {
  if (cluster_nodes <= capacity) return Ok();
  return Error(ErrorCode::kRefused,
               "Registration Capacity Reached: the number of cluster nodes (" +
                   std::to_string(cluster_nodes) +
                   ") exceeds the maximum registration capacity of the license (" +
                   std::to_string(capacity) + ")",
               "activate with at most " + std::to_string(capacity) +
                   " nodes, or ask the vendor for a licence of larger capacity");
}

Result<ActivationRelease> ReleaseProject(ProductGate& gate, const SecretBytes& activation_secret,
                                         const std::string& serial, const std::string& key_id,
                                         UnixSeconds now, Random& random) {
  if (gate.activated_project.empty()) {
    return Error(ErrorCode::kConflict, "no project is activated, so there is nothing to release");
  }
  Bytes nonce(8);
  random.Fill(nonce);
  ActivationRelease release;
  release.payload =
      ActivationPayload{serial, key_id, gate.activated_project, HexEncode(nonce), now};
  release.tag = ActivationReleaseTag(activation_secret, release.payload);
  gate.activated_project.clear();
  gate.activated_at = 0;
  gate.shown.reset();
  return release;
}

}  // namespace frlic
