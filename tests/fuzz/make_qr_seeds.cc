// Writes qr_png's seeds with frlic's own QR writer (the product's screen), small scales to keep
// the corpus and each execution small. Built on demand only (not part of `all`):
//     cmake --build build/plain --target frlic_fuzz_make_qr_seeds
//     build/plain/tests/fuzz/frlic_fuzz_make_qr_seeds tests/fuzz/corpus/qr_png
#include <png.h>

#include <cstdio>
#include <string>
#include <vector>

#include "frlic/activation/activation_code.h"
#include "frlic/activation/qr_image.h"

int main(int argc, char** argv) {
  using namespace frlic;
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  ActivationPayload payload;
  payload.serial = "FRL-5EC0DE0000000001";
  payload.key_id = "509d04703a0f70c2";
  payload.project = ProjectFingerprint("install-0001");
  payload.nonce = "0001020304050607";
  payload.shown_at = 1795420800;
  struct Seed {
    std::string name, text;
    int scale;
  };
  const std::vector<Seed> seeds = {
      {"seed-url-scale2.png", ActivationUrl(kDefaultActivationUrl, payload), 2},
      {"seed-query-scale1.png", ActivationQuery(payload), 1},
      {"seed-foreign-text.png", "https://example.com/not-an-activation", 2},
  };
  for (const Seed& seed : seeds) {
    if (auto written = WriteQrPng(seed.text, dir + "/" + seed.name, Overwrite::kYes, seed.scale);
        !written.ok()) {
      std::fprintf(stderr, "%s\n", written.error().message().c_str());
      return 1;
    }
  }
  // A PNG without a QR code: 16x16 white.
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = 16;
  image.height = 16;
  image.format = PNG_FORMAT_GRAY;
  const std::vector<png_byte> white(16 * 16, 0xFF);
  const std::string blank = dir + "/seed-blank.png";
  if (!png_image_write_to_file(&image, blank.c_str(), 0, white.data(), 0, nullptr)) {
    std::fprintf(stderr, "cannot write %s\n", blank.c_str());
    return 1;
  }
  return 0;
}
