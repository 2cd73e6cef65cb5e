// The product's side of activation (reference, frlic-sim product / component): the QR payload
// it shows and its check of the code typed in, with the lock against guessing (docs/formats.md
// section 11.5: more than five wrong codes lock input for 15 minutes). The state is what the
// product keeps between page loads; frlic-sim keeps it in a JSON file.
#pragma once

#include <optional>
#include <string>

#include "frlic/activation/activation_code.h"
#include "frlic/activation/activation_release.h"
#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/core/strict_json.h"

namespace frlic {

// Wrong codes tolerated: input locks when the count exceeds this (the sixth wrong code locks;
// seeds 000 and 003, "exceeds five").
inline constexpr int kMaxWrongCodes = 5;
inline constexpr UnixSeconds kWrongCodeLock = 15 * 60;

struct ProductGate {
  std::optional<ActivationPayload> shown;  // the QR on screen, if any
  int wrong_codes = 0;                     // since the last lock or success: 0..kMaxWrongCodes
  UnixSeconds locked_until = 0;
  std::string activated_project;  // empty: not activated (a restart clears it, docs/formats.md
                                  // section 11.5)
  UnixSeconds activated_at = 0;
};

Json ProductGateToJson(const ProductGate& gate);
Result<ProductGate> ProductGateFromJson(const Json& json, const std::string& file);

// Shows a new QR: a fresh nonce, the time now; replaces any QR shown before.
const ActivationPayload& ShowQr(ProductGate& gate, const std::string& serial,
                                const std::string& key_id, const std::string& project,
                                UnixSeconds now, Random& random);

enum class CodeVerdict { kAccepted, kWrongCode, kLocked, kExpired, kNoQr, kMalformed };
const char* CodeVerdictName(CodeVerdict verdict);  // "accepted", "wrong-code", ...

struct CodeResult {
  CodeVerdict verdict = CodeVerdict::kWrongCode;
  std::string message;    // for people
  int attempts_left = 0;  // before the lock
  UnixSeconds locked_until = 0;
};

// Checks `code` against the QR on screen. While locked nothing is checked. A code for an
// expired QR (older than kQrValidity) is refused without counting; a wrong one counts, and the
// one that takes the count past kMaxWrongCodes (the sixth) locks input for kWrongCodeLock.
// Success activates the project and clears the QR and the count.
CodeResult EnterCode(ProductGate& gate, const SecretBytes& activation_secret, std::string_view code,
                     UnixSeconds now);

// Seed 000 ("Cluster"): every node of a cluster shows and answers the QR with the same project
// identity (the cluster's install id), so one binding serves the cluster; the licence's capacity
// is the number of its nodes. The product checks it at activation: kRefused ("Registration
// Capacity Reached", naming both numbers) when `cluster_nodes` exceeds `capacity`, before a QR is
// shown or a code accepted.
Status CheckClusterCapacity(std::int64_t cluster_nodes, std::int64_t capacity);

// "Re-register" (seeds 000 and 003): gives up the activated project's binding. Returns the
// release (the project, a fresh nonce, now, and its tag) for the vendor, and clears the
// activation and any QR on screen: the product needs a new activation. kConflict when no project
// is activated. docs/formats.md section 11.8.
Result<ActivationRelease> ReleaseProject(ProductGate& gate, const SecretBytes& activation_secret,
                                         const std::string& serial, const std::string& key_id,
                                         UnixSeconds now, Random& random);

}  // namespace frlic
