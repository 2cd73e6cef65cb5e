// Results at the library's edge: every fallible library call returns a Result<T>.
// The library says what kind of failure it was (ErrorCode); the CLI owns exit codes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace frlic {

// Closed, explicitly numbered: values are stable and documented (docs/cli.md).
enum class ErrorCode : int {
  kInvalidInput = 1,      // an input file or argument is not what it must be (order, flags)
  kMalformed = 2,         // an artifact cannot be parsed (truncated, bad encoding, unknown version)
  kBadSignature = 3,      // a signature does not verify
  kUnknownKey = 4,        // an artifact names a key id that is not in the keyring
  kRefused = 5,           // refused by policy: example keys, loose file modes, existing outputs
  kConflict = 6,          // the ledger already holds this (order id issued, receipt consumed)
  kNotFound = 7,          // a file, serial or key that must exist does not
  kIo = 8,                // reading or writing a file failed
  kLedgerCorrupt = 9,     // the ledger's hash chain or records do not add up
  kWrongPassphrase = 10,  // a private key file did not open with the given passphrase
  kInternal = 11,         // a bug or an unexpected library failure
  kBusy = 12,             // another process holds the ledger lock beyond the wait allowed
};

const char* ErrorCodeName(ErrorCode code);

// One thing wrong with one input, located as precisely as the input allows.
struct Problem {
  std::string file;      // path of the input, empty when not a file
  int line = 0;          // 1-based; 0 when unknown
  int column = 0;        // 1-based; 0 when unknown
  std::string field;     // dotted path of the field ("product.version"), empty when none
  std::string message;   // what is wrong, in one sentence
  std::string found;     // what the input holds (never a secret)
  std::string expected;  // what would be right
};

// "file:line:col: field: message (found X; expected Y)"
std::string FormatProblem(const Problem& problem);

class Error {
 public:
  Error(ErrorCode code, std::string message, std::string hint = {})
      : code_(code), message_(std::move(message)), hint_(std::move(hint)) {}
  Error(ErrorCode code, std::string message, std::vector<Problem> problems)
      : code_(code), message_(std::move(message)), problems_(std::move(problems)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& hint() const { return hint_; }
  const std::vector<Problem>& problems() const { return problems_; }

  Error&& WithHint(std::string hint) && {
    hint_ = std::move(hint);
    return std::move(*this);
  }
  // Prefix the message with context ("reading keys/keyring.json: ...").
  Error&& Context(const std::string& where) && {
    message_ = where + ": " + message_;
    return std::move(*this);
  }

 private:
  ErrorCode code_;
  std::string message_;
  std::string hint_;
  std::vector<Problem> problems_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& { return std::get<Error>(state_); }
  Error&& error() && { return std::get<Error>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status Ok() { return Status(); }

}  // namespace frlic

// Propagate an error from an expression returning Result<...>.
#define FRLIC_CONCAT_INNER(a, b) a##b
#define FRLIC_CONCAT(a, b) FRLIC_CONCAT_INNER(a, b)
#define FRLIC_RETURN_IF_ERROR(expr)                                   \
  do {                                                                \
    auto frlic_status_ = (expr);                                      \
    if (!frlic_status_.ok()) return std::move(frlic_status_).error(); \
  } while (0)
#define FRLIC_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return std::move(tmp).error();     \
  lhs = std::move(tmp).value()
#define FRLIC_ASSIGN_OR_RETURN(lhs, expr) \
  FRLIC_ASSIGN_OR_RETURN_IMPL(FRLIC_CONCAT(frlic_result_, __LINE__), lhs, expr)
