// The layering check (tests/CMakeLists.txt): the order module does not declare keys, so with the
// order module's include flags this must fail to compile ("No such file or directory").
#include "frlic/keys/keyring.h"
