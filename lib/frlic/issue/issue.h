// The API the apps call: one request in, one result out. Orchestrates order, keys,
// licence and ledger; verifies every artifact before it is written or recorded.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/keys/keyring.h"

namespace frlic {

// Where the keyring is when neither --keys nor FRLIC_KEYS names one:
// $XDG_CONFIG_HOME/frlic/keys, else $HOME/.config/frlic/keys.
std::string DefaultKeysDirectory();
// Where the ledger is when neither --ledger nor FRLIC_LEDGER names one:
// $XDG_DATA_HOME/frlic/ledger.sqlite, else $HOME/.local/share/frlic/ledger.sqlite.
std::string DefaultLedgerPath();

// Loads the keyring, refusing the example keyring unless allowed (kRefused).
Result<Keyring> LoadKeyring(const std::string& directory, bool allow_example_keys);

struct IssueRequest {
  std::string order_path;
  std::string keys_dir;
  std::string ledger_path;
  std::string out_dir;
  bool force = false;               // overwrite an existing artifact file
  bool allow_example_keys = false;  // sign with keys-example/ (demo and tests only)
  // Called between the steps of writing: "staged" (temp file written), "recorded" (ledger
  // record pending), "renamed" (artifact in place). Tests use it to simulate a kill.
  std::function<void(std::string_view step)> on_step;
};

struct IssueResult {
  std::string serial;
  std::string order_id;
  std::string method;
  std::string path;    // the artifact written
  std::string sha256;  // of the artifact's bytes
  std::string key_id;  // the signing key
  UnixSeconds issued_at = 0;
};

// The passphrase is asked for lazily (only once the order, keyring and ledger checks pass),
// so a bad order never prompts.
using PassphraseSource = Result<SecretBytes> (*)(void* context);
struct Passphrase {
  PassphraseSource source = nullptr;
  void* context = nullptr;
  Result<SecretBytes> Get() const { return source(context); }
};

Result<IssueResult> Issue(const IssueRequest& request, const Passphrase& passphrase,
                          const Clock& clock, Random& random);

}  // namespace frlic
