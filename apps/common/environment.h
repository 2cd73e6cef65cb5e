// What both apps read from the environment: the pinned clock and randomness of reproducible
// runs (docs/cli.md, "Environment").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"

namespace frlic::app {

// The variable's value, or `fallback` when it is unset or empty.
std::string EnvOr(const char* name, const std::string& fallback);

// Takes a secret out of the environment: its value (nullopt when unset), after which the
// variable is gone from this process's environment, so children do not inherit it, and its
// bytes are overwritten where they were, so /proc/PID/environ does not show them either.
std::optional<SecretBytes> TakeSecretFromEnvironment(const char* name);

// FRLIC_NOW (YYYY-MM-DDTHH:MM:SSZ), or nullopt when unset; kInvalidInput when malformed.
Result<std::optional<UnixSeconds>> PinnedNow();

// FRLIC_RANDOM_SEED (64 hex digits), or nullopt when unset; kInvalidInput when malformed.
// Each app decides when a seed is allowed: frlic only with example keys, frlic-sim with a
// warning.
Result<std::optional<std::array<std::uint8_t, 32>>> PinnedRandomSeed();

}  // namespace frlic::app
