// Shared plumbing of the frlic CLI: output (human or --json), exit codes, the passphrase,
// the clock and randomness. Each subcommand lives in its own cmd_*.cc file.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "exit_codes.h"
#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/issue/issue.h"

namespace frlic::cli {

// Exit codes (docs/cli.md): shared with frlic-sim.
using app::ExitCodeFor;
using app::kExitOk;
using app::kExitUsage;
using app::kExitVerdict;

struct GlobalOptions {
  bool json = false;
  bool quiet = false;           // --quiet: nothing on stdout on success (not with --json)
  std::string keys_dir;         // --keys, else FRLIC_KEYS, else DefaultKeysDirectory()
  std::string ledger_path;      // --ledger, else FRLIC_LEDGER, else DefaultLedgerPath()
  std::string passphrase_file;  // --passphrase-file
  int passphrase_fd = -1;       // --passphrase-fd
  std::string pin_file;         // --pin-file (a PKCS#11 token's PIN)
  int pin_fd = -1;              // --pin-fd
  bool no_prompt = false;       // --no-prompt
  bool allow_example_keys = false;
  std::vector<std::string> arguments;  // argv[1..]: `frlic serve` hands them to frlic-serve

  // Fills keys_dir and ledger_path, when the chosen command takes them and no flag gave them,
  // from FRLIC_KEYS / FRLIC_LEDGER, else the defaults; an error when a default is needed and
  // cannot be derived (HOME unset or relative). Run once, before the command's action.
  Status ResolvePaths(bool takes_keys, bool takes_ledger);
  const std::string& KeysDir() const { return keys_dir; }
  // The ledger's location: an SQLite path or a postgresql:// URL (given whole to Ledger::Open).
  const std::string& LedgerPath() const { return ledger_path; }
  // The location as output may show it: a URL without its password.
  std::string LedgerShown() const;
};

// Prints an error as "frlic: error: ..." (+ problems, + "frlic: hint: ...") on stderr, or as
// {"ok":false,"error":{...}} on stdout with --json; returns its exit code.
int ReportError(const GlobalOptions& options, const Error& error);
// Prints a success object (with "ok":true added) with --json, else calls `human` unless
// --quiet.
int ReportSuccess(const GlobalOptions& options, nlohmann::ordered_json result,
                  const std::function<void()>& human);
nlohmann::ordered_json ProblemsToJson(const std::vector<Problem>& problems);
// The --json text (indented 2): invalid UTF-8 in a value (a hostile file name, say) becomes
// U+FFFD instead of an exception that would leave stdout without its one object.
inline std::string JsonText(const nlohmann::ordered_json& value) {
  return value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// The passphrase (docs/cli.md, "Passphrases"): --passphrase-file (0600, first line; may be a
// symbolic link to such a file) or --passphrase-fd N (first line), else FRLIC_PASSPHRASE, else
// a prompt on the terminal naming the keyring, three tries, when stdin is a terminal, CI is not
// set and --no-prompt was not given; kInvalidInput otherwise. Read once per process.
Result<SecretBytes> ReadPassphrase(const GlobalOptions& options, bool confirm);
Passphrase LazyPassphrase(const GlobalOptions& options);
// The PIN of the PKCS#11 token that keeps a signing key (docs/cli.md, "Keys in a PKCS#11
// token"): --pin-file or --pin-fd, else FRLIC_PKCS11_PIN, else one prompt on the terminal by
// the passphrase's rules. Read once per process.
Result<SecretBytes> ReadPin(const GlobalOptions& options);
// The passphrase and the PIN, each read only if a key needs it.
KeyUnlock UnlockFor(const GlobalOptions& options);

// FRLIC_NOW (YYYY-MM-DDTHH:MM:SSZ) pins the clock for reproducible runs; else the system clock.
Result<std::unique_ptr<Clock>> MakeClock();
// FRLIC_RANDOM_SEED (64 hex digits) makes randomness reproducible; allowed only together with
// example keys, so a real licence never gets predictable serials or keys.
Result<std::unique_ptr<Random>> MakeRandom(bool example_keys_allowed);

// The options several subcommands share, added to each that takes them.
void AddJsonFlag(CLI::App* command, GlobalOptions& options);
void AddKeysOption(CLI::App* command, GlobalOptions& options);
void AddLedgerOption(CLI::App* command, GlobalOptions& options);
void AddPassphraseOption(CLI::App* command, GlobalOptions& options);
void AddExampleKeysFlag(CLI::App* command, GlobalOptions& options);
// --pkcs11 URI and --create-token-key (keygen, keys rotate: docs/formats.md 3.4).
void AddTokenKeyOptions(CLI::App* command, TokenKeyRequest& token);
// --rif, --server-binaries, --templates (private cloud).
void AddPackageOptions(CLI::App* command, IssueRequest& request);
// Fills the request's keys, ledger and example-key fields from the options, and runs the
// FRLIC_TEST_KILL_AT hook.
void CompleteIssueRequest(const GlobalOptions& options, IssueRequest& request);
// Where issue puts a public cloud password (issue_password.h).
struct PasswordDestination {
  std::string file;        // --password-out FILE
  bool show = false;       // --show-password
  bool overwrite = false;  // --force: replace an existing FILE
};
// Completes `request` (CompleteIssueRequest), makes the clock and randomness, runs `issue`
// and prints its result (human or --json): the shared body of issue and reissue.
int RunIssue(const GlobalOptions& options, IssueRequest& request,
             const std::function<Result<IssueResult>(const Clock&, Random&)>& issue,
             const PasswordDestination& password = {});

// A subcommand registers itself and the action to run when it is chosen.
using Action = std::function<int()>;
struct Command {
  CLI::App* app;
  Action action;
};

void AddKeygen(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);
void AddKeys(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);
void AddLint(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);
void AddIssue(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);
void AddInspect(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);
void AddCheck(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);
void AddLedger(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);
void AddVerifyReceipt(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);
void AddVerifyPrivateConfig(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);
void AddRevoke(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);
void AddReissue(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);
void AddActivate(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);
void AddServe(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);
void AddAccount(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands);

}  // namespace frlic::cli
