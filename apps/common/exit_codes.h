// Exit codes shared by frlic and frlic-sim (docs/cli.md, "Exit codes"): 0 success, 1 a negative
// verdict, 2 usage; then one per library ErrorCode.
#pragma once

#include "frlic/core/status.h"

namespace frlic::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitVerdict = 1;
inline constexpr int kExitUsage = 2;

// Stable, documented: ErrorCode values start at 1, so they follow 0/1/2 above.
inline int ExitCodeFor(ErrorCode code) { return 2 + static_cast<int>(code); }

// Prints `error` for a person on stderr: "PROGRAM: error: MESSAGE", one indented line per
// problem, then "PROGRAM: hint: HINT" when there is one. Returns its exit code.
int PrintError(const char* program, const Error& error);

}  // namespace frlic::app
