// The signed envelope (lib/frlic/licence/envelope): the unverified readers, and verification
// against the example keyring under every artifact type (a mutated envelope must never verify
// unless its bytes are the signed ones).
#include "frlic/licence/component_licence.h"
#include "frlic/licence/container_licence.h"
#include "frlic/licence/envelope.h"
#include "frlic/licence/private_config.h"
#include "frlic/licence/receipt.h"
#include "frlic/licence/server_licence.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frlic;
  const ByteView bytes = fuzz::View(data, size);
  auto type = PeekPayloadType(bytes, "fuzz.lic");
  auto unverified = ReadEnvelopeUnverified(bytes, "fuzz.lic");
  (void)fuzz::Accepted(type, "PeekPayloadType");
  if (fuzz::Accepted(unverified, "ReadEnvelopeUnverified")) {
    if (!type.ok() || *type != unverified->payload_type) {
      fuzz::Fail("ReadEnvelopeUnverified and PeekPayloadType disagree on the type");
    }
  }
  for (const char* expected : {kContainerLicenceType, kServerLicenceType, kComponentLicenceType,
                               kReceiptType, kPrivateConfigType}) {
    auto opened = OpenEnvelope(bytes, expected, fuzz::ExampleKeyring(), "fuzz.lic");
    if (!fuzz::Accepted(opened, "OpenEnvelope")) continue;
    if (!unverified.ok() || opened->payload != unverified->payload ||
        opened->payload_type != expected || opened->key_id != unverified->key_id) {
      fuzz::Fail("a verified envelope differs from its unverified reading");
    }
  }
  return 0;
}
