// The reference licence server's file-handling part (frlic-sim server): what the real
// server checks at start, its answer to a product's request, and -destroy, which deletes the
// instance key from the package and returns the signed receipt.fr.
#pragma once

#include <functional>
#include <optional>
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
  // The licence has expired (docs/formats.md section 1): the server still starts, answers
  // 30000 to every registration and can be destroyed, so migration and renewal stay open.
  bool expired = false;
};

// Start checks, in order: the package reads (exact entries; a package whose instance key was
// deleted by -destroy is kConflict "already destroyed", naming its serial); the licence
// verifies against the issuer's keys and its platform matches the package; this machine's
// fingerprint is the licence's; its machine key was not retired by a destroyed server
// (kRefused); the instance key opens with this machine's key and is the licence's. An expired
// licence starts (StartedServer::expired).
Result<StartedServer> StartLicenceServer(const std::string& package_path,
                                         const std::string& machine_dir, const Keyring& issuer,
                                         UnixSeconds now);

struct DestroyedServer {
  std::string receipt;  // receipt.fr's bytes, signed by the instance key
  // Set when the instance key was deleted but the machine key could not be retired (recorded
  // in retired.json, then machine.key deleted): the receipt is valid all the same.
  std::optional<Error> retire_error;
};

// Signs the receipt, checks that machine.key and retired.json read, hands the receipt to
// `keep_receipt` (when given; its failure stops everything, nothing destroyed), then deletes
// config/instance.key.sealed from the package and retires the machine key of `machine_dir`
// (RetireMachineKey), so neither this package nor a copy of it starts again. Once the instance
// key is deleted the receipt is always returned (DestroyedServer::retire_error says what was
// left undone). Works on an expired licence.
Result<DestroyedServer> DestroyLicenceServer(
    const StartedServer& server, const std::string& package_path, const std::string& machine_dir,
    UnixSeconds now, const std::function<Status(const std::string&)>& keep_receipt = {});

}  // namespace frlic
