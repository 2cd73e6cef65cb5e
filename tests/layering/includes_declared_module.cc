// Positive control for the layering check (tests/layering/CMakeLists.txt): the order module
// declares core, so with the order module's include flags this compiles.
#include "frlic/core/bytes.h"
#include "frlic/core/status.h"
