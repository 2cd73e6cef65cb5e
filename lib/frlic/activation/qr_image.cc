#include "frlic/activation/qr_image.h"

#include <png.h>
#include <qrencode.h>

#include <cstdio>
#include <memory>
#include <vector>

#include "frlic/activation/zbar_library.h"

namespace frlic {
namespace {

constexpr int kQuietZone = 4;  // modules of white around the code (ISO/IEC 18004)
constexpr png_uint_32 kMaxSide = 8192;

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

// The PNG bytes of a grey-scale image, `width` x `height`, one byte per pixel.
Result<Bytes> EncodePng(const std::vector<std::uint8_t>& pixels, int width, int height) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = PNG_FORMAT_GRAY;
  png_alloc_size_t size = 0;
  if (!png_image_write_get_memory_size(image, size, 0, pixels.data(), 0, nullptr)) {
    return Error(ErrorCode::kInternal, std::string("libpng: ") + image.message);
  }
  Bytes png(size);
  if (!png_image_write_to_memory(&image, png.data(), &size, 0, pixels.data(), 0, nullptr)) {
    return Error(ErrorCode::kInternal, std::string("libpng: ") + image.message);
  }
  png.resize(size);
  return png;
}

}  // namespace

Status WriteQrPng(const std::string& text, const std::string& path, Overwrite overwrite,
                  int scale) {
  std::unique_ptr<QRcode, QrFree> code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M));
  if (!code) {
    return Error(ErrorCode::kInvalidInput,
                 "the text (" + std::to_string(text.size()) + " bytes) does not fit in a QR code");
  }
  const int modules = code->width + 2 * kQuietZone;
  const int side = modules * scale;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(side) * side, 0xff);
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width; ++x) {
      if ((code->data[y * code->width + x] & 1) == 0) continue;  // bit 0: dark module
      for (int dy = 0; dy < scale; ++dy) {
        const int row = (y + kQuietZone) * scale + dy;
        std::fill_n(pixels.begin() + row * side + (x + kQuietZone) * scale, scale, 0x00);
      }
    }
  }
  FRLIC_ASSIGN_OR_RETURN(Bytes png, EncodePng(pixels, side, side));
  return WriteFileAtomic(path, png, {0644, overwrite});
}

Result<std::string> ReadQrPng(const std::string& path) {
  FRLIC_ASSIGN_OR_RETURN(Bytes file, ReadFile(path, 16 << 20));
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, file.data(), file.size())) {
    return Error(ErrorCode::kMalformed, path + " is not a PNG image: " + image.message);
  }
  // A photo of a screen is a few thousand pixels a side; the header's claim is checked before
  // anything is allocated for it.
  if (image.width == 0 || image.height == 0 || image.width > kMaxSide || image.height > kMaxSide) {
    const std::string size = std::to_string(image.width) + "x" + std::to_string(image.height);
    png_image_free(&image);
    return Error(ErrorCode::kMalformed, path + " is " + size + " pixels; at most " +
                                            std::to_string(kMaxSide) + " a side is read");
  }
  image.format = PNG_FORMAT_GRAY;
  std::vector<std::uint8_t> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) {
    png_image_free(&image);
    return Error(ErrorCode::kMalformed, path + " is not a readable PNG image: " + image.message);
  }
  FRLIC_ASSIGN_OR_RETURN(const zbar_library::ZbarFunctions* zbar, zbar_library::LoadZbar());
  zbar::zbar_image_scanner_t* scanner = zbar->image_scanner_create();
  zbar->image_scanner_set_config(scanner, zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
  zbar->image_scanner_set_config(scanner, zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
  zbar::zbar_image_t* frame = zbar->image_create();
  zbar->image_set_format(frame, zbar_fourcc('Y', '8', '0', '0'));
  zbar->image_set_size(frame, image.width, image.height);
  zbar->image_set_data(frame, pixels.data(), pixels.size(), nullptr);
  const int found = zbar->scan_image(scanner, frame);
  std::vector<std::string> texts;
  for (const zbar::zbar_symbol_t* symbol = zbar->image_first_symbol(frame); symbol != nullptr;
       symbol = zbar->symbol_next(symbol)) {
    texts.emplace_back(zbar->symbol_get_data(symbol), zbar->symbol_get_data_length(symbol));
  }
  zbar->image_destroy(frame);
  zbar->image_scanner_destroy(scanner);
  if (found < 0) return Error(ErrorCode::kInternal, "zbar could not scan " + path);
  if (texts.empty()) return Error(ErrorCode::kMalformed, path + " holds no QR code");
  if (texts.size() > 1) {
    return Error(ErrorCode::kMalformed,
                 path + " holds " + std::to_string(texts.size()) + " QR codes; expected one");
  }
  return texts.front();
}

}  // namespace frlic
