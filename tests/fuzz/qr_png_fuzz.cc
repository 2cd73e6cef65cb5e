// QR images (lib/frlic/activation/qr_image): ReadQrPng of the input as a PNG file (libpng
// and zbar behind it), then, as `frlic activate --qr-image` does, the payload it holds.
#include "frlic/activation/activation_code.h"
#include "frlic/activation/qr_image.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frlic;
  auto text = ReadQrPng(fuzz::InputFile(data, size));
  if (!fuzz::Accepted(text, "ReadQrPng")) return 0;
  (void)fuzz::Accepted(ParseActivation(*text, "the QR image"), "ParseActivation");
  return 0;
}
