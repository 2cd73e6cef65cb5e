// The layering check (tests/CMakeLists.txt): a module's internal/ headers are not in any include
// view, so even a module that declares machine cannot include them.
#include "frlic/machine/internal/shown.h"
