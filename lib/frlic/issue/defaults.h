// Where the issuer's inputs are when no flag or environment variable names them, and the
// policy every command that loads the keyring applies.
#pragma once

#include <string>

#include "frlic/core/status.h"
#include "frlic/keys/keyring.h"

namespace frlic {

// Where the keyring is when neither --keys nor FRLIC_KEYS names one:
// $XDG_CONFIG_HOME/frlic/keys, else $HOME/.config/frlic/keys. A relative XDG_CONFIG_HOME is
// ignored (XDG Base Directory spec); with HOME unset or relative too, kInvalidInput naming
// the variables: never a path inside the working directory.
Result<std::string> DefaultKeysDirectory();
// Where the ledger is when neither --ledger nor FRLIC_LEDGER names one:
// $XDG_DATA_HOME/frlic/ledger.sqlite, else $HOME/.local/share/frlic/ledger.sqlite, by the
// same rules.
Result<std::string> DefaultLedgerPath();

// Where the README template and stand-in server binaries are when no flag names them: the
// templates/ directory of the source tree frlic was built from (FRLIC_TEMPLATES overrides).
std::string DefaultTemplatesDirectory();

// Loads the keyring, refusing the example keyring unless allowed (kRefused).
Result<Keyring> LoadKeyring(const std::string& directory, bool allow_example_keys);

}  // namespace frlic
