// Building FanruanLicenseServer.zip for a private-cloud order (or a reissue): open the RIF,
// make the instance key, sign the server licence, write and re-read the package.
#pragma once

#include <optional>
#include <string>

#include "frlic/core/clock.h"
#include "frlic/core/files.h"
#include "frlic/core/status.h"
#include "frlic/keys/keyring.h"
#include "frlic/machine/machine_info.h"
#include "frlic/order/order.h"

namespace frlic {

// Where the package's inputs come from.
struct PackageSources {
  std::string rif_path;             // MachineInfo.rif of the licence-server host
  std::string server_binaries_dir;  // DIR/<platform>/server[.exe]
  std::string readme_template;      // the README template file
  bool allow_stand_ins = false;     // a binaries dir marked STAND-IN may be used (demo, tests)
};

// The RIF, opened: needs the passphrase (for the RIF key), nothing else.
Result<MachineInfo> OpenRif(const std::string& rif_path, const Keyring& keyring,
                            const SecretBytes& passphrase);

struct BuiltPackage {
  StagedFile staged;  // the zip, written and fsynced at a temporary path
  std::string sha256;
  std::string instance_public_key_hex;
  std::string machine_fingerprint;
  std::string extra_json;  // {"licence_sha256","nonce","platform"}, for receipts
};

// Signs the server licence for `terms` bound to `machine`, writes the package beside `path`
// (staged, not yet renamed) and verifies what was written before returning it.
Result<BuiltPackage> BuildServerPackage(const std::string& path, Overwrite overwrite,
                                        const std::string& serial, const std::string& order_id,
                                        const Terms& terms, const MachineInfo& machine,
                                        const PackageSources& sources, const Keyring& keyring,
                                        const Signer& signer, const Clock& clock, Random& random);

}  // namespace frlic
