#include "issue_password.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <iostream>

#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/time.h"
#include "frlic/issue/public_cloud.h"
#include "frlic/ledger/ledger.h"
#include "frlic/order/order.h"

namespace frlic::cli {

namespace {

bool StdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }

// --json on a terminal: the JSON stays one object; the password goes to the terminal itself.
void ShowOnTerminal(const std::string& account, std::string_view password) {
  // The controlling terminal, else the terminal stdout is (no controlling terminal after
  // setsid); the JSON stream itself only in the last resort, since the account exists now.
  int fd = ::open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    if (const char* name = ::ttyname(STDOUT_FILENO); name != nullptr) {
      fd = ::open(name, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    }
  }
  const bool opened = fd >= 0;
  if (!opened) fd = STDOUT_FILENO;
  const std::string prefix = "frlic: password of account " + account + ": ";
  (void)!::write(fd, prefix.data(), prefix.size());
  (void)!::write(fd, password.data(), password.size());
  (void)!::write(fd, "\n", 1);
  if (opened) ::close(fd);
}

}  // namespace

// Whether the ledger already holds this order id: then no account is created (a re-run, or a
// refusal issuing reports), so there is no password to place. Unknown (no ledger, unreadable)
// counts as no.
bool AlreadyInLedger(const std::string& order_id, const std::string& ledger_path) {
  if (ledger_path.empty()) return false;
  if (!Ledger::IsShared(ledger_path) && !PathExists(ledger_path)) return false;
  auto clock = MakeClock();
  if (!clock.ok()) return false;
  auto ledger = Ledger::OpenReadOnly(ledger_path, **clock);
  if (!ledger.ok()) return false;
  auto record = (*ledger)->FindActiveByOrderId(order_id);
  return record.ok() && record->has_value();
}

Status CheckPasswordDestination(const PasswordDestination& destination,
                                const std::string& order_path, const std::string& ledger_path) {
  auto order = Order::Load(order_path);
  if (!order.ok() || order->method() != Method::kPublicCloud) return Ok();
  if (AlreadyInLedger(order->order_id(), ledger_path)) return Ok();
  if (!destination.file.empty()) {
    std::error_code ignored;
    const std::filesystem::path path(destination.file);
    const auto parent =
        path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    if (!std::filesystem::is_directory(parent, ignored)) {
      return Error(ErrorCode::kNotFound,
                   "--password-out " + destination.file + ": the directory " + parent.string() +
                       " does not exist",
                   "create it first; the account is not created until the password has a place");
    }
    if (PathExists(destination.file) && !destination.overwrite) {
      return Error(ErrorCode::kRefused, "--password-out " + destination.file + " already exists",
                   "name a new file, or add --force to replace it");
    }
    return Ok();
  }
  if (destination.show || StdoutIsTerminal()) return Ok();
  return Error(ErrorCode::kInvalidInput,
               "refusing to print the public cloud password of order " + order->order_id() +
                   ": stdout is not a terminal, so it would land in a log",
               "write it to a 0600 file with --password-out FILE, or print it anyway with "
               "--show-password");
}

Status CheckBatchPasswordDestination(const PasswordDestination& destination, const Order& order,
                                     const std::string& order_path) {
  if (destination.file.empty()) {
    if (destination.show) return Ok();
    return Error(ErrorCode::kInvalidInput,
                 order_path + ": refusing to issue public cloud order " + order.order_id() +
                     " in a batch without a place for its password",
                 "pass --password-out DIR (each password goes to DIR/<order_id>.password, mode "
                 "0600), or --show-password to print them");
  }
  std::error_code ignored;
  if (!std::filesystem::is_directory(destination.file, ignored)) {
    return Error(ErrorCode::kNotFound, "--password-out " + destination.file + " is not a directory",
                 "in a batch --password-out names a directory; create it first");
  }
  const std::string path = PasswordFileInDirectory(destination.file, order.order_id());
  if (PathExists(path) && !destination.overwrite) {
    return Error(ErrorCode::kRefused,
                 order_path + ": the password file " + path + " already exists",
                 "move it away, or add --force to replace it");
  }
  return Ok();
}

int ReportAccountIssued(const GlobalOptions& options, const IssueResult& issued,
                        const PasswordDestination& destination) {
  const IssuedAccount& account = *issued.account;
  const std::string_view password = AsText(account.password.reveal());
  // The library wrote the file, durably, before the account was recorded.
  const bool to_file = !issued.password_file.empty();
  // Shown on stdout: asked for, or stdout is the terminal (text); with --json on a terminal
  // the password goes to the terminal beside the JSON, not into it.
  const bool in_output = !to_file && (destination.show || !options.json);
  const char* note =
      to_file ? "the password is only in the file written: frlic stores only its Argon2id hash"
              : "the password is shown only this once: frlic stores only its Argon2id hash and "
                "cannot show it again";
  if (options.json) {
    nlohmann::ordered_json out;
    out["ok"] = true;
    out["serial"] = issued.serial;
    out["order_id"] = issued.order_id;
    out["method"] = issued.method;
    out["issued_at"] = FormatInstant(issued.issued_at);
    out["sha256"] = issued.sha256;
    out["account"] = {{"name", account.name},
                      {"capacity", account.capacity},
                      {"expires", FormatDate(account.expires)},
                      {"status", AccountStatusName(account.status)}};
    if (in_output) out["account"]["password"] = password;
    if (to_file) {
      out["password_file"] = issued.password_file;
    } else {
      out["password_shown"] = destination.show ? "stdout" : "terminal";
    }
    out["note"] = note;
    if (!issued.warnings.empty()) out["warnings"] = ProblemsToJson(issued.warnings);
    std::string text = JsonText(out);
    if (in_output) {
      auto& copy = out["account"]["password"].get_ref<std::string&>();
      WipeMemory(copy.data(), copy.size());
    }
    std::cout << text << "\n" << std::flush;
    WipeMemory(text.data(), text.size());
    if (!to_file && !in_output) ShowOnTerminal(account.name, password);
    return kExitOk;
  }
  if (options.quiet && !in_output) return kExitOk;
  std::cout << "Issued " << issued.serial << " for order " << issued.order_id
            << ": public cloud account\n"
            << "  account   " << account.name << "\n"
            << "  password  ";
  if (to_file) {
    std::cout << "in " << issued.password_file << " (mode 0600)";
  } else {
    std::cout.write(password.data(), static_cast<std::streamsize>(password.size()));
  }
  std::cout << "\n"
            << "  capacity  " << account.capacity
            << (account.capacity == 1 ? " project" : " projects") << "\n"
            << "  expires   " << FormatDate(account.expires) << " (the last valid day, UTC)\n"
            << "  status    " << AccountStatusName(account.status) << "\n"
            << std::flush;
  std::cerr << "frlic: note: " << note << "\n";
  return kExitOk;
}

}  // namespace frlic::cli
