// Reading any frlic artifact for people: its type, fields, and whether it verifies.
#pragma once

#include <string>

#include "frlic/core/status.h"
#include "frlic/core/strict_json.h"
#include "frlic/keys/keyring.h"

namespace frlic {

struct InspectResult {
  std::string file;
  std::string payload_type;  // empty if the file is not an envelope at all
  std::string key_id;
  bool verified = false;
  // Set instead of `verified` for files whose signature inspect cannot check: a receipt.fr or
  // privateConfig (signed by the customer's instance key, which only the ledger holds) and a
  // MachineInfo.rif (sealed to the keyring's RIF key, opened only with the passphrase).
  std::string not_checked;       // why; the payload is shown unverified
  Json payload;                  // the payload fields (verified, or as not_checked says)
  std::optional<Error> problem;  // why it does not verify, when it does not
};

// The payload_type inspect gives a MachineInfo.rif (not an envelope: a sealed box).
inline constexpr char kRifInspectType[] = "frlic-rif-v1";

// Never fails for a bad artifact (that is the answer); fails only if the file cannot be read.
Result<InspectResult> InspectArtifact(const std::string& path, const Keyring& keys);

}  // namespace frlic
