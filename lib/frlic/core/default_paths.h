// Where the keyring and the ledger are when no flag or FRLIC_* variable names them; shared by
// frlic and the reference tools (frlic-sim), which resolve them the same way.
#pragma once

#include <string>

#include "frlic/core/status.h"

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

}  // namespace frlic
