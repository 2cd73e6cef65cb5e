// receipt.fr (lib/frlic/licence/receipt): the input is tried as the file (PeekReceipt reads
// the envelope and the payload's fields without a key) and as a payload. An accepted
// payload's canonical form reads back the same.
#include "frlic/licence/receipt.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frlic;
  (void)fuzz::Accepted(PeekReceipt(fuzz::View(data, size), "receipt.fr"), "PeekReceipt");

  auto payload = ParseStrictJson(fuzz::Text(data, size), "payload");
  if (!fuzz::Accepted(payload, "ParseStrictJson")) return 0;
  auto receipt = ReceiptFromPayload(*payload, "payload");
  if (!fuzz::Accepted(receipt, "ReceiptFromPayload")) return 0;
  const std::string canonical = ReceiptPayload(*receipt);
  auto reparsed = ParseStrictJson(canonical, "canonical");
  if (!reparsed.ok()) fuzz::Fail("a canonical payload is not strict JSON");
  auto again = ReceiptFromPayload(*reparsed, "canonical");
  if (!again.ok() || ReceiptPayload(*again) != canonical) {
    fuzz::Fail("an accepted receipt payload does not read back the same");
  }
  return 0;
}
