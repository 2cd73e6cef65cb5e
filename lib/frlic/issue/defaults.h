// Where the issuer's inputs are when no flag or environment variable names them, and the
// policy every command that loads the keyring applies.
#pragma once

#include <string>

#include "frlic/core/default_paths.h"  // DefaultKeysDirectory, DefaultLedgerPath
#include "frlic/core/status.h"
#include "frlic/keys/keyring.h"

namespace frlic {

// Where the README template, stand-in server binaries and base image are when no flag names
// them: FRLIC_TEMPLATES, else PREFIX/share/frlic/templates beside an installed PREFIX/bin/frlic,
// else (a frlic run from its build tree) the templates/ of the source tree it was built from.
std::string DefaultTemplatesDirectory();

// Loads the keyring, refusing the example keyring unless allowed (kRefused).
Result<Keyring> LoadKeyring(const std::string& directory, bool allow_example_keys);

}  // namespace frlic
