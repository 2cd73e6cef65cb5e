#include "frlic/core/default_paths.h"

#include <cstdlib>

namespace frlic {
namespace {

std::string EnvironmentOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

// $XDG_VARIABLE when it is an absolute path, else $HOME/home_relative when HOME is absolute.
// The XDG Base Directory spec says a relative value is invalid and must be ignored; an unset
// or relative HOME (common in CI containers) would put state inside the working directory, so
// it is an error naming the variables instead of a guess.
Result<std::string> XdgDirectory(const char* xdg_variable, const std::string& home_relative,
                                 const std::string& what, const std::string& flag,
                                 const std::string& environment) {
  const std::string xdg = EnvironmentOr(xdg_variable, "");
  if (!xdg.empty() && xdg.front() == '/') return xdg;
  const std::string home = EnvironmentOr("HOME", "");
  if (!home.empty() && home.front() == '/') return home + "/" + home_relative;
  std::string found = std::string(xdg_variable) +
                      (xdg.empty() ? " is unset" : " is relative (\"" + xdg + "\", ignored)");
  found += home.empty() ? " and HOME is unset" : " and HOME is relative (\"" + home + "\")";
  return Error(ErrorCode::kInvalidInput,
               "no " + what + " named, and no default can be derived: " + flag + " and " +
                   environment + " are unset, " + found,
               "pass " + flag + " or set " + environment + " (an absolute path)");
}

}  // namespace

Result<std::string> DefaultKeysDirectory() {
  FRLIC_ASSIGN_OR_RETURN(std::string base, XdgDirectory("XDG_CONFIG_HOME", ".config", "keyring",
                                                        "--keys", "FRLIC_KEYS"));
  return base + "/frlic/keys";
}

Result<std::string> DefaultLedgerPath() {
  FRLIC_ASSIGN_OR_RETURN(std::string base, XdgDirectory("XDG_DATA_HOME", ".local/share", "ledger",
                                                        "--ledger", "FRLIC_LEDGER"));
  return base + "/frlic/ledger.sqlite";
}

}  // namespace frlic
