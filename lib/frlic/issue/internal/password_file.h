// Where a public cloud account's password is kept: a 0600 file that is made durable before the
// account is recorded, so that a kill never leaves an account whose password exists nowhere
// (docs/formats.md 10.7, "The password file survives a kill"). The password is staged at
// <dir>/.frlic-password-<serial>/<name> (a private 0700 directory named by the licence's
// serial), the account commits, then the file is renamed into place. A run killed between the
// two leaves the staged file; the next run of the order finds it by the recorded serial, checks
// it against the account's stored hash and renames it into place.
#pragma once

#include <string>

#include "frlic/core/files.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/ledger/ledger.h"

namespace frlic {

// A stage is stale once this old: another run (another runner on a shared ledger, another
// ledger sharing the directory) may be between staging and committing, which takes seconds;
// the issue lease of a shared ledger is as long (docs/formats.md 6.4).
inline constexpr int kStalePasswordStageSeconds = 900;

// Removes the stages in `dir` that no account will ever need: older than
// kStalePasswordStageSeconds (by the files' times and the system's clock) and either empty or under
// a serial the ledger does not hold (or holds aborted). A stage under a serial the ledger holds is
// an account's only password copy and is left for that order's re-run. Best effort: what cannot be
// removed stays.
Status RemoveStalePasswordStages(Ledger& ledger, const std::string& dir);

// Stages `password` and a newline for `path` under the licence's serial. kRefused when `path`
// exists and overwrite is kNo.
Result<StagedFile> StagePasswordFile(const std::string& path, const std::string& serial,
                                     const SecretBytes& password, Overwrite overwrite);

// A re-run of an issued account: what a killed run staged for `path` under `account`'s serial
// is renamed into place when it holds the account's password. True when it was; false when
// nothing was staged. Never over an existing file (kRefused: it may be another account's only
// copy); kConflict when the staged file is not the account's password (it is left where it is).
Result<bool> SettleStagedPassword(const std::string& path, const Account& account);

}  // namespace frlic
