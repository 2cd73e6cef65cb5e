// privateConfig (lib/frlic/licence/private_config): the input is tried as the file
// (PeekPrivateConfig reads the envelope and the payload's fields without a key) and as a payload.
// An accepted payload's canonical form reads back the same.
#include "frlic/licence/private_config.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frlic;
  (void)fuzz::Accepted(PeekPrivateConfig(fuzz::View(data, size), "privateConfig"),
                       "PeekPrivateConfig");

  auto payload = ParseStrictJson(fuzz::Text(data, size), "payload");
  if (!fuzz::Accepted(payload, "ParseStrictJson")) return 0;
  auto config = PrivateConfigFromPayload(*payload, "payload");
  if (!fuzz::Accepted(config, "PrivateConfigFromPayload")) return 0;
  const std::string canonical = PrivateConfigPayload(*config);
  auto reparsed = ParseStrictJson(canonical, "canonical");
  if (!reparsed.ok()) fuzz::Fail("a canonical payload is not strict JSON");
  auto again = PrivateConfigFromPayload(*reparsed, "canonical");
  if (!again.ok() || PrivateConfigPayload(*again) != canonical) {
    fuzz::Fail("an accepted privateConfig payload does not read back the same");
  }
  return 0;
}
