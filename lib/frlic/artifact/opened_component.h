// Opening a fanruan_license_server.tar the way the container component does when it starts
// (docs/formats.md section 9.3, checks 1-4): every digest, the licence against the issuer keys,
// the instance key against the licence, the serial label. Shared by the reference component
// (which then refuses an expired licence, check 5) and `frlic check`, which needs no secret
// beyond what the image carries.
#pragma once

#include <string>

#include "frlic/core/status.h"
#include "frlic/keys/ed25519.h"
#include "frlic/keys/keyring.h"
#include "frlic/licence/component_licence.h"

namespace frlic {

struct OpenedComponent {
  ComponentLicence licence;
  std::string licence_sha256;  // of app/config/license.json's bytes
  Ed25519PrivateKey instance_key;
};

// kMalformed for an archive or licence that does not read, kBadSignature (and the envelope's
// other errors) for a licence that does not verify, kRefused for an instance key or label that
// is not the licence's.
Result<OpenedComponent> OpenComponentImage(const std::string& image_path, const Keyring& issuer);

}  // namespace frlic
