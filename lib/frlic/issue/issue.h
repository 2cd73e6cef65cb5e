// The API the apps call to issue an order: one request in, one result out. Orchestrates
// order, keys, licence and ledger; verifies every artifact before it is written or recorded.
// Reissue, revoke and the verdicts on customers' evidence have their own headers.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frlic/account/account.h"
#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/issue/defaults.h"  // the request's defaults
#include "frlic/keys/keyring.h"

namespace frlic {

inline constexpr int kDefaultLockTimeoutSeconds = 60;

struct IssueRequest {
  std::string order_path;
  std::string keys_dir;
  std::string ledger_path;
  std::string out_dir;
  bool force = false;               // overwrite an existing artifact file
  bool init_ledger = false;         // create the ledger if absent (else a missing one is kNotFound)
  bool allow_example_keys = false;  // sign with keys-example/ (demo and tests only)
  // Private cloud: the customer's MachineInfo.rif, the server binaries and README template.
  std::string rif_path;
  std::string server_binaries_dir;  // default: <templates>/server-binaries
  std::string templates_dir;        // default: DefaultTemplatesDirectory()
  // Container private cloud: the component image the licence layer goes on.
  std::string base_image;  // default: <templates>/container/base-image.tar
  // How long to wait for another issuer's ledger lock before giving up (kBusy); 0: no wait.
  int lock_timeout_seconds = kDefaultLockTimeoutSeconds;
  // Refuse (kInvalidInput) an order with warnings (Order::warnings: ip_ranges outside the
  // private blocks) instead of issuing it and reporting them in IssueResult::warnings.
  bool strict_private_ips = false;
  // Public cloud: the 0600 file the account's password goes to (empty: the caller shows it).
  // It is made durable before the account is recorded and renamed into place after; a re-run
  // of the order puts in place what a killed run left staged (docs/formats.md 10.7).
  std::string password_file;
  // Called between the steps of writing: "staged" (artifact written at its stage path),
  // "recorded" (ledger record pending), "publishing" (the rename is recorded as about to
  // happen), "renamed" (artifact in place). Tests use it to simulate a kill.
  std::function<void(std::string_view step)> on_step;
  // Called while a container image is written: bytes done and in all (ImageProgress), for a
  // progress display on a terminal; the CLI sets it only when stderr is one.
  std::function<void(std::uint64_t done, std::uint64_t total)> on_image_progress;
};

// The public cloud account an issue created. The password exists only here: the caller shows
// it once; the ledger keeps only its Argon2id hash, so it can never be shown again.
struct IssuedAccount {
  std::string name;
  std::int64_t capacity = 1;
  CivilDate expires;
  AccountStatus status = AccountStatus::kActive;
  SecretBytes password;
};

struct IssueResult {
  std::string serial;
  std::string parent_serial;  // for a reissue: the licence it replaces
  std::string order_id;
  std::string method;
  std::string path;    // the artifact written; empty for public cloud (no file)
  std::string sha256;  // of the artifact's bytes; public cloud: of the account's JSON
  std::string key_id;  // the signing key; empty for public cloud (nothing is signed)
  UnixSeconds issued_at = 0;
  std::optional<IssuedAccount> account = std::nullopt;  // public cloud only
  std::vector<Problem> warnings = {};  // the order's (Order::warnings), issued anyway
  // A re-run for an order id already issued with the same order content (docs/cli.md,
  // "Re-running a job"): the existing licence is reported and nothing is written.
  bool already_issued = false;
  bool artifact_missing = false;  // its file is no longer at `path` (moved or handed out)
  // Public cloud with IssueRequest::password_file: where the password is. For a re-run, set
  // only when this run put in place the password a killed run had staged.
  std::string password_file = {};
};

// The passphrase is asked for lazily (only once the order, keyring and ledger checks pass),
// so a bad order never prompts.
// The same for the PIN of a PKCS#11 token that keeps the signing key (pin_source null: none).
using PassphraseSource = Result<SecretBytes> (*)(void* context);
struct Passphrase {
  PassphraseSource source = nullptr;
  void* context = nullptr;
  PassphraseSource pin_source = nullptr;
  Result<SecretBytes> Get() const { return source(context); }
  // What opens the signing key: the passphrase, or the token's PIN, each asked for only if the
  // key needs it. Refers to this object, which must outlive it.
  KeyUnlock Unlock() const {
    KeyUnlock unlock{[this] { return Get(); }, nullptr};
    if (pin_source != nullptr) unlock.pin = [this] { return pin_source(context); };
    return unlock;
  }
};

Result<IssueResult> Issue(const IssueRequest& request, const Passphrase& passphrase,
                          const Clock& clock, Random& random);

}  // namespace frlic
