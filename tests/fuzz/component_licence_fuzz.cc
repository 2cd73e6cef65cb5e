// The container component licence (lib/frlic/licence/component_licence): the input is tried as
// the envelope (verified against the example keyring) and as a payload (the strict reader
// behind the signature). An accepted payload's canonical form reads back the same.
#include "frlic/licence/component_licence.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frlic;
  (void)fuzz::Accepted(
      OpenComponentLicence(fuzz::View(data, size), fuzz::ExampleKeyring(), "license.json"),
      "OpenComponentLicence");

  auto payload = ParseStrictJson(fuzz::Text(data, size), "payload");
  if (!fuzz::Accepted(payload, "ParseStrictJson")) return 0;
  auto licence = ComponentLicenceFromPayload(*payload, "payload");
  if (!fuzz::Accepted(licence, "ComponentLicenceFromPayload")) return 0;
  const std::string canonical = ComponentLicencePayload(*licence);
  auto reparsed = ParseStrictJson(canonical, "canonical");
  if (!reparsed.ok()) fuzz::Fail("a canonical payload is not strict JSON");
  auto again = ComponentLicenceFromPayload(*reparsed, "canonical");
  if (!again.ok() || ComponentLicencePayload(*again) != canonical) {
    fuzz::Fail("an accepted component licence payload does not read back the same");
  }
  return 0;
}
