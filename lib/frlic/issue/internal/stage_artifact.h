// The one path every signed artifact takes before it is recorded: sign the licence, open it
// again exactly as the customer's side will, write the artifact that ships it at a temporary
// path beside its final one (ArtifactStagePath: private, named after the serial), and read
// that back. Container.lic, FanruanLicenseServer.zip and
// fanruan_license_server.tar differ only in the steps they hand in (ArtifactToStage).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/files.h"
#include "frlic/core/status.h"
#include "frlic/keys/keyring.h"
#include "frlic/order/order.h"

namespace frlic {

// Who signs an artifact, and the clock and randomness the build uses.
struct Issuer {
  const Keyring& keyring;
  const Signer& signer;
  const Clock& clock;
  Random& random;
};

// The licence an artifact carries and where the artifact goes.
struct ArtifactSpec {
  std::string path;  // the artifact's final path; it is staged beside it
  Overwrite overwrite = Overwrite::kNo;
  std::string serial;
  std::string order_id;
  Terms terms;
  // Container private cloud: told how far the image is written (IssueRequest).
  std::function<void(std::uint64_t done, std::uint64_t total)> on_image_progress = {};
  Durability durability = Durability::kEach;  // kGroup: a batch syncs its group at once
};

// The per-artifact steps of SignVerifyStage.
struct ArtifactToStage {
  std::string path;  // the final path; its directory is created when the artifact is staged
  Overwrite overwrite = Overwrite::kNo;
  Durability durability = Durability::kEach;
  std::string serial;              // the licence's: names the stage path (ArtifactStagePath)
  std::string_view licence_name;   // "licence", "server licence", ...: names it in errors
  std::string_view envelope_type;  // the envelope's payload type
  std::string payload;             // the licence payload to sign
  // Opens the signed envelope as the customer's side will; any error means it must not ship.
  std::function<Status(ByteView envelope)> open_licence;
  // Writes the artifact that ships `envelope` at `temp_path` and returns the SHA-256 (hex) of
  // what it wrote. Unset: the artifact is the envelope itself.
  std::function<Result<std::string>(const std::string& envelope, const std::string& temp_path)>
      write;
  // Re-reads what `write` wrote before it is recorded. Unset when there is no `write`.
  std::function<Status(const std::string& envelope, const std::string& temp_path)> read_back;
};

struct StagedArtifact {
  StagedFile staged;     // written (and fsynced, kEach) at its temporary path, not yet renamed
  std::string envelope;  // the signed licence, as shipped
  std::string sha256;    // of the staged file's bytes
};

Result<StagedArtifact> SignVerifyStage(const ArtifactToStage& artifact, const Signer& signer);

// An artifact signed, staged and verified, with what its ledger record needs.
struct BuiltArtifact {
  StagedFile staged;
  std::string sha256;
  std::string instance_public_key_hex;  // empty for Container.lic
  std::string machine_fingerprint;      // private cloud only
  std::string extra_json = "{}";
};

}  // namespace frlic
