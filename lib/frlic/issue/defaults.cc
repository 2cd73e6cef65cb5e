#include "frlic/issue/defaults.h"

#include <cstdlib>

namespace frlic {
namespace {

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

}  // namespace

std::string DefaultTemplatesDirectory() { return EnvOr("FRLIC_TEMPLATES", FRLIC_TEMPLATES_DIR); }

Result<Keyring> LoadKeyring(const std::string& directory, bool allow_example_keys) {
  FRLIC_ASSIGN_OR_RETURN(Keyring keyring, Keyring::Load(directory));
  if (keyring.is_example() && !allow_example_keys) {
    return Error(ErrorCode::kRefused,
                 directory + " is the example keyring, whose passphrase is public",
                 "use your own keyring (frlic keygen), or pass --allow-example-keys for a demo");
  }
  return keyring;
}

}  // namespace frlic
