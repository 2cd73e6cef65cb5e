// Positive control for the layering check (tests/CMakeLists.txt): the order module declares core,
// so this compiles with the order module's include flags.
#include "frlic/core/status.h"
#include "frlic/order/order.h"
