// Where the issuer's inputs are when no flag or environment variable names them, and the
// policy every command that loads the keyring applies.
#pragma once

#include <string>

#include "frlic/core/default_paths.h"  // DefaultKeysDirectory, DefaultLedgerPath
#include "frlic/core/status.h"
#include "frlic/keys/keyring.h"

namespace frlic {

// Where the README template and stand-in server binaries are when no flag names them: the
// templates/ directory of the source tree frlic was built from (FRLIC_TEMPLATES overrides).
std::string DefaultTemplatesDirectory();

// Loads the keyring, refusing the example keyring unless allowed (kRefused).
Result<Keyring> LoadKeyring(const std::string& directory, bool allow_example_keys);

}  // namespace frlic
