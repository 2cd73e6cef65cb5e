// The strict JSON reader (lib/frlic/core/strict_json): objects and arrays at the top level.
// An accepted document, serialised again, is accepted and equal.
#include "frlic/core/strict_json.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frlic;
  const std::string_view text = fuzz::Text(data, size);
  auto object = ParseStrictJson(text, "fuzz.json");
  if (fuzz::Accepted(object, "ParseStrictJson")) {
    auto again = ParseStrictJson(object->dump(), "fuzz.json");
    if (!again.ok() || *again != *object) fuzz::Fail("an accepted object does not round-trip");
  }
  auto array = ParseStrictJsonArray(text, "manifest.json");
  if (fuzz::Accepted(array, "ParseStrictJsonArray")) {
    auto again = ParseStrictJsonArray(array->dump(), "manifest.json");
    if (!again.ok() || *again != *array) fuzz::Fail("an accepted array does not round-trip");
  }
  if (object.ok() && array.ok()) fuzz::Fail("a document is both an object and an array");
  return 0;
}
