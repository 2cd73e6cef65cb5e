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
  Json payload;                  // the payload fields, set only when the signature verified
  std::optional<Error> problem;  // why it does not verify, when it does not
};

// Never fails for a bad artifact (that is the answer); fails only if the file cannot be read.
Result<InspectResult> InspectArtifact(const std::string& path, const Keyring& keys);

}  // namespace frlic
