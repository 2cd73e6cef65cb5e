// Where a public cloud account's password is kept: a 0600 file that is made durable before the
// account is recorded, so that a kill never leaves an account whose password exists nowhere
// (docs/formats.md 10.7, "The password file"). The password is staged at
// ArtifactStagePath(file, serial) (a private 0700 directory named by the licence's serial),
// the account commits, then the file is renamed into place. A run killed between the two
// leaves the staged file; the next run of the order finds it by the recorded serial, checks it
// against the account's stored hash and renames it into place.
#pragma once

#include <string>

#include "frlic/core/files.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/ledger/ledger.h"

namespace frlic {

// Stages `password` and a newline for `path` under the licence's serial. kRefused when `path`
// exists and overwrite is kNo. Removes first what earlier, uncommitted attempts staged for
// `path` (stage directories whose serial the ledger does not hold).
Result<StagedFile> StagePasswordFile(Ledger& ledger, const std::string& path,
                                     const std::string& serial, const SecretBytes& password,
                                     Overwrite overwrite);

// A re-run of an issued account: what a killed run staged for `path` under `account`'s serial
// is renamed into place when it holds the account's password. True when it was; false when
// nothing was staged. kRefused when `path` exists already (and overwrite is kNo), kConflict
// when the staged file is not the account's password (it is left where it is).
Result<bool> SettleStagedPassword(const std::string& path, const Account& account,
                                  Overwrite overwrite);

}  // namespace frlic
