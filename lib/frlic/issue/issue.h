// The API the apps call: one request in, one result out. Orchestrates order, keys,
// licence and ledger; verifies every artifact before it is written or recorded.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "frlic/account/account.h"
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

// Where the README template and stand-in server binaries are when no flag names them: the
// templates/ directory of the source tree frlic was built from (FRLIC_TEMPLATES overrides).
std::string DefaultTemplatesDirectory();

struct IssueRequest {
  std::string order_path;
  std::string keys_dir;
  std::string ledger_path;
  std::string out_dir;
  bool force = false;               // overwrite an existing artifact file
  bool allow_example_keys = false;  // sign with keys-example/ (demo and tests only)
  // Private cloud: the customer's MachineInfo.rif, the server binaries and README template.
  std::string rif_path;
  std::string server_binaries_dir;  // default: <templates>/server-binaries
  std::string templates_dir;        // default: DefaultTemplatesDirectory()
  // Container private cloud: the component image the licence layer goes on.
  std::string base_image;  // default: <templates>/container/base-image.tar
  // Called between the steps of writing: "staged" (temp file written), "recorded" (ledger
  // record pending), "renamed" (artifact in place). Tests use it to simulate a kill.
  std::function<void(std::string_view step)> on_step;
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

// How far a receipt may be dated after "now" (clock skew between the customer's host and
// the issuer): 5 minutes.
inline constexpr UnixSeconds kReceiptClockSkew = 300;

enum class ReceiptFailure {
  kMalformed,
  kBadSignature,
  kUnknownSerial,
  kNotPrivateCloud,
  kNonceMismatch,
  kLicenceMismatch,
  kFingerprintMismatch,
  kDatedBeforeIssue,
  kDatedInFuture,
  kAlreadyConsumed,
  kLicenceNotActive,
};
const char* ReceiptFailureName(ReceiptFailure failure);  // "bad-signature", ...

struct ReceiptVerdict {
  std::optional<ReceiptFailure> failure;  // empty: valid
  std::string message;                    // why, for people
  std::string serial;                     // the serial the receipt names (if readable)
  std::string receipt_sha256;
  UnixSeconds destroyed_at = 0;
  bool valid() const { return !failure.has_value(); }
};

// The read-only verdict on a receipt.fr against the ledger (frlic verify-receipt).
Result<ReceiptVerdict> VerifyReceipt(const std::string& receipt_path,
                                     const std::string& ledger_path, const Clock& clock);

// How far a privateConfig may be dated after "now": the same 5 minutes.
inline constexpr UnixSeconds kPrivateConfigClockSkew = kReceiptClockSkew;

enum class PrivateConfigFailure {
  kMalformed,
  kBadSignature,
  kUnknownSerial,
  kNotContainerPrivateCloud,
  kLicenceMismatch,
  kDatedBeforeIssue,
  kDatedInFuture,
  kNotRevoked,         // still active: business has not destroyed it (frlic revoke)
  kAlreadyReissued,    // a replacement was issued from it already
  kLicenceNotRevoked,  // in another state (pending, aborted, ...)
};
const char* PrivateConfigFailureName(PrivateConfigFailure failure);  // "not-revoked", ...

struct PrivateConfigVerdict {
  std::optional<PrivateConfigFailure> failure;  // empty: valid
  std::string message;
  std::string serial;
  std::string private_config_sha256;
  std::string instance_id;
  UnixSeconds deployed_at = 0;
  bool valid() const { return !failure.has_value(); }
};

// The read-only verdict on a component's privateConfig against the ledger.
Result<PrivateConfigVerdict> VerifyPrivateConfig(const std::string& path,
                                                 const std::string& ledger_path,
                                                 const Clock& clock);

// Records that business destroyed licence `serial` (active -> revoked, with the reason in the
// event log). kNotFound for an unknown serial, kConflict when it is not active.
struct RevokeResult {
  std::string serial;
  std::string method;
  UnixSeconds revoked_at = 0;
};
Result<RevokeResult> Revoke(const std::string& serial, const std::string& reason,
                            const std::string& ledger_path, const Clock& clock);

struct ReissueRequest {
  std::string receipt_path;         // private cloud: the destroyed server's receipt.fr
  std::string private_config_path;  // container private cloud: the old component's privateConfig
  IssueRequest issue;  // keys, ledger, out dir, force, rif_path (the NEW machine), sources
};

// Private cloud (receipt_path): verifies the receipt, then in one ledger transaction consumes
// it (old licence destroyed, recording the receipt) and records the new package with the same
// terms, bound to the new machine (lineage old -> new).
// Container private cloud (private_config_path): verifies the privateConfig (signed by the
// instance key the ledger holds, licence revoked, not reissued), then in one transaction marks
// the old licence superseded and records the new image with the same terms.
// Either evidence is accepted once, also when two reissues race. kRefused with the verdict's
// message when it is not valid.
Result<IssueResult> Reissue(const ReissueRequest& request, const Passphrase& passphrase,
                            const Clock& clock, Random& random);

}  // namespace frlic
