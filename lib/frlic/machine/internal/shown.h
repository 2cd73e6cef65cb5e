// Helpers shared by the machine module's sources (not part of its API).
#pragma once

#include <string>
#include <string_view>

namespace frlic::machine_internal {

// Printable in an error message, in double quotes: at most 64 bytes, control bytes and
// non-ASCII as \xNN, so a hostile file cannot put terminal escape sequences into the output.
std::string Shown(std::string_view text);

}  // namespace frlic::machine_internal
