// The machine tool's output directory on the customer's licence-server host
// (docs/formats.md, "Machine directory"):
//   DIR/require/MachineInfo.rif  the sealed machine information, mailed to the issuer (0644)
//   DIR/machine.key              the machine's X25519 private key; never leaves the host (0600)
//   DIR/machine.json             the plaintext machine information (0644), from which the
//                                licence server recomputes the host's fingerprint
#pragma once

#include <string>

#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/core/status.h"
#include "frlic/keys/x25519.h"
#include "frlic/machine/machine_info.h"

namespace frlic {

inline constexpr char kMachineRifName[] = "require/MachineInfo.rif";
inline constexpr char kMachineKeyName[] = "machine.key";
inline constexpr char kMachineJsonName[] = "machine.json";
inline constexpr char kMachineKeyFormat[] = "frlic-machine-key";

std::string MachineRifPath(const std::string& dir);   // DIR/require/MachineInfo.rif
std::string MachineKeyPath(const std::string& dir);   // DIR/machine.key
std::string MachineJsonPath(const std::string& dir);  // DIR/machine.json

// The bytes of machine.key, exactly:
//   {"format":"frlic-machine-key","secret":"<base64 of the 32-byte scalar>","version":1}\n
SecretBytes EncodeMachineKeyFile(const X25519PrivateKey& key);
// Accepts exactly the bytes above (kMalformed otherwise, never echoing the secret).
Result<X25519PrivateKey> DecodeMachineKeyFile(const SecretBytes& file,
                                              const std::string& file_name);

// Writes the three files (key first, RIF last). `key` must be the private half of the info's
// machine key and `rif` start with a RIF header (kInvalidInput otherwise). Refuses
// (kRefused, naming the file) when any of them exists, unless overwrite is kYes: a new RIF
// means a new machine key, and licences issued for the old one no longer install.
Status WriteMachineDir(const std::string& dir, const MachineInfo& info, const X25519PrivateKey& key,
                       ByteView rif, Overwrite overwrite = Overwrite::kNo);

struct MachineDir {
  MachineInfo info;
  X25519PrivateKey key;
};

// Reads machine.key (refused unless 0600 and not a symlink) and machine.json, and checks that
// the key is the private half of the machine key in machine.json (kRefused otherwise).
Result<MachineDir> LoadMachineDir(const std::string& dir);

}  // namespace frlic
