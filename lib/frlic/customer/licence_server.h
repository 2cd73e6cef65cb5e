// The reference licence server's file-handling part (frlic-sim server): what the real
// server checks at start, its answer to a product's request, and -destroy, which deletes the
// instance key from the package and returns the signed receipt.fr.
#pragma once

#include <string>

#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/keys/ed25519.h"
#include "frlic/keys/keyring.h"
#include "frlic/licence/server_licence.h"

namespace frlic {

struct StartedServer {
  ServerLicence licence;
  std::string licence_sha256;  // of license.json's bytes
  Ed25519PrivateKey instance_key;
};

// Start checks, in order: the package reads (exact entries); the licence verifies against the
// issuer's keys and its platform matches the package; this machine's fingerprint is the
// licence's; the instance key opens with this machine's key and is the licence's; not expired.
Result<StartedServer> StartLicenceServer(const std::string& package_path,
                                         const std::string& machine_dir, const Keyring& issuer,
                                         UnixSeconds now);

// Deletes config/instance.key.sealed from the package (so it never starts again) and
// returns receipt.fr's bytes, signed by the instance key.
Result<std::string> DestroyLicenceServer(const StartedServer& server,
                                         const std::string& package_path, UnixSeconds now);

}  // namespace frlic
