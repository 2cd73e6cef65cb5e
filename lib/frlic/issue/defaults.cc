#include "frlic/issue/defaults.h"

#include <cstdlib>
#include <filesystem>

namespace frlic {
namespace {

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

}  // namespace

std::string DefaultTemplatesDirectory() {
  const std::string chosen = EnvOr("FRLIC_TEMPLATES", "");
  if (!chosen.empty()) return chosen;
  // Where this program is decides: one run from the build tree it was built in uses the source
  // tree's templates; any other (installed: PREFIX/bin/frlic) uses PREFIX/share/frlic/templates,
  // found relative to itself, so an installed frlic never reads the source tree.
  std::error_code error;
  const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return FRLIC_TEMPLATES_DIR;
  const std::string build_dir = std::string(FRLIC_BUILD_DIR) + "/";
  if (program.string().rfind(build_dir, 0) == 0) return FRLIC_TEMPLATES_DIR;
  return (program.parent_path() / FRLIC_INSTALLED_TEMPLATES).lexically_normal().string();
}

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
