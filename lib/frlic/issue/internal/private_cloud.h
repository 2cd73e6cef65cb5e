// Building FanruanLicenseServer.zip for a private-cloud order (or a reissue): open the RIF,
// make the instance key, sign the server licence, write and re-read the package.
#pragma once

#include <string>

#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/issue/issue.h"
#include "frlic/keys/keyring.h"
#include "frlic/machine/machine_info.h"
#include "stage_artifact.h"

namespace frlic {

// Where the package's inputs come from.
struct PackageSources {
  std::string server_binaries_dir;  // DIR/<platform>/server[.exe]
  std::string readme_template;      // the README template file
  bool allow_stand_ins = false;     // a binaries dir marked STAND-IN may be used (demo, tests)
};

// The request's sources, defaults filled in. Stand-in server binaries go only into packages
// signed with the example keys.
PackageSources PackageSourcesFor(const IssueRequest& request, const Keyring& keyring);

// The RIF, opened: needs the passphrase (for the RIF key), nothing else.
Result<MachineInfo> OpenRif(const std::string& rif_path, const Keyring& keyring,
                            const SecretBytes& passphrase);

// Signs the server licence for `spec` bound to `machine`, writes the package beside spec.path
// (staged, not yet renamed) and verifies what was written before returning it. Its extra_json
// is {"licence_sha256","nonce","platform"} for receipts and "machine_public_key" for the rule
// that a machine key serves one licence (frlic/issue/machine_rules.h). spec.terms.port should be
// set (ServerPort) so that the ledger's terms are the signed ones.
Result<BuiltArtifact> BuildServerPackage(const ArtifactSpec& spec, const MachineInfo& machine,
                                         const PackageSources& sources, const Issuer& issuer);

}  // namespace frlic
