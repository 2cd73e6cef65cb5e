#include "environment.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "frlic/core/bytes.h"
#include "frlic/core/time.h"

namespace frlic::app {

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

std::optional<SecretBytes> TakeSecretFromEnvironment(const char* name) {
  const std::size_t name_length = std::strlen(name);
  char* entry = nullptr;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    if (std::strncmp(*e, name, name_length) == 0 && (*e)[name_length] == '=') {
      entry = *e;
      break;
    }
  }
  if (entry == nullptr) return std::nullopt;
  SecretBytes value = SecretBytes::CopyFrom(std::string_view(entry + name_length + 1));
  const std::size_t entry_length = std::strlen(entry);
  ::unsetenv(name);  // every entry of that name; the strings themselves stay where they were
  WipeMemory(entry, entry_length);
  return value;
}

Result<std::optional<UnixSeconds>> PinnedNow() {
  const char* pinned = std::getenv("FRLIC_NOW");
  if (pinned == nullptr || *pinned == '\0') return std::optional<UnixSeconds>();
  auto instant = ParseInstant(pinned);
  if (!instant) {
    return Error(ErrorCode::kInvalidInput,
                 std::string("FRLIC_NOW is \"") + pinned + "\", expected YYYY-MM-DDTHH:MM:SSZ");
  }
  return std::optional<UnixSeconds>(*instant);
}

Result<std::optional<std::array<std::uint8_t, 32>>> PinnedRandomSeed() {
  const char* seed_hex = std::getenv("FRLIC_RANDOM_SEED");
  if (seed_hex == nullptr || *seed_hex == '\0') {
    return std::optional<std::array<std::uint8_t, 32>>();
  }
  auto seed = HexDecode(seed_hex);
  if (!seed || seed->size() != 32) {
    return Error(ErrorCode::kInvalidInput, "FRLIC_RANDOM_SEED must be 64 hex digits");
  }
  std::array<std::uint8_t, 32> out{};
  std::copy(seed->begin(), seed->end(), out.begin());
  return std::optional<std::array<std::uint8_t, 32>>(out);
}

}  // namespace frlic::app
