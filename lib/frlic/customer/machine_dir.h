// The machine tool's output directory on the customer's licence-server host
// (docs/formats.md, "Machine directory"):
//   DIR/require/MachineInfo.rif  the sealed machine information, mailed to the issuer (0644)
//   DIR/machine.key              the machine's X25519 private key; never leaves the host (0600)
//   DIR/machine.json             the plaintext machine information (0644), from which the
//                                licence server recomputes the host's fingerprint
#pragma once

#include <string>
#include <vector>

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/files.h"
#include "frlic/core/status.h"
#include "frlic/keys/x25519.h"
#include "frlic/machine/machine_info.h"

namespace frlic {

inline constexpr char kMachineRifName[] = "require/MachineInfo.rif";
inline constexpr char kMachineKeyName[] = "machine.key";
inline constexpr char kMachineJsonName[] = "machine.json";
inline constexpr char kMachineKeyFormat[] = "frlic-machine-key";
inline constexpr char kMachineRetiredName[] = "retired.json";
inline constexpr char kMachineRetiredFormat[] = "frlic-machine-retired";

std::string MachineRifPath(const std::string& dir);      // DIR/require/MachineInfo.rif
std::string MachineKeyPath(const std::string& dir);      // DIR/machine.key
std::string MachineJsonPath(const std::string& dir);     // DIR/machine.json
std::string MachineRetiredPath(const std::string& dir);  // DIR/retired.json

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

// A machine key that served a licence server destroyed on this host (docs/formats.md 7.8).
struct RetiredMachineKey {
  std::string machine_public_key;  // base64, as in machine.json
  std::string serial;              // the destroyed licence server's
  UnixSeconds destroyed_at = 0;
};

// DIR/retired.json's records (empty when the file is absent); kMalformed naming the file.
Result<std::vector<RetiredMachineKey>> ReadRetiredMachineKeys(const std::string& dir);

// Retires the machine key after `server -destroy` of `serial`: appends it to retired.json,
// then deletes machine.key, so a copy of the destroyed package kept elsewhere never starts on
// this host again, and the machine tool must make a new key before a new MachineInfo.rif.
Status RetireMachineKey(const std::string& dir, const X25519PublicKey& key,
                        const std::string& serial, UnixSeconds now);

// The refusal for a directory whose machine.json names a retired key (kRefused, naming the
// serial and the regeneration that fixes it), else Ok. Absent files are Ok.
Status CheckMachineKeyNotRetired(const std::string& dir);

// Reads machine.key (refused unless 0600 and not a symlink) and machine.json, and checks that
// the key is the private half of the machine key in machine.json (kRefused otherwise).
// Refuses (kRefused) a machine whose key was retired by a destroyed server.
Result<MachineDir> LoadMachineDir(const std::string& dir);

}  // namespace frlic
