// The activation payload (lib/frlic/activation/activation_code): ParseActivation of a URL or
// query. An accepted payload's query reads back to the same payload.
#include "frlic/activation/activation_code.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frlic;
  auto payload = ParseActivation(fuzz::Text(data, size), "the QR payload");
  if (!fuzz::Accepted(payload, "ParseActivation")) return 0;
  const std::string query = ActivationQuery(*payload);
  auto again = ParseActivation(query, "the query");
  if (!again.ok() || ActivationQuery(*again) != query) {
    fuzz::Fail("an accepted activation payload does not read back the same");
  }
  return 0;
}
