#include "frlic/core/sodium.h"

#include <sodium.h>

#include <cstdlib>

namespace frlic {

void RequireSodium() {
  static const bool initialised = sodium_init() >= 0;
  if (!initialised) std::abort();
}

}  // namespace frlic
