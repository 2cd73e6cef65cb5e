// The git commit this build was made from (apps/CMakeLists.txt), for --version.
#pragma once

namespace frlic::app {

// 12 hex digits, or "unknown" outside a git checkout.
const char* BuildCommit();

}  // namespace frlic::app
