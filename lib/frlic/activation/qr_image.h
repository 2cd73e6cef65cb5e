// QR codes as PNG images: written with libqrencode + libpng (the product's screen), read with
// zbar (what a phone's camera does), so `frlic activate --qr-image` decodes a real image.
#pragma once

#include <string>

#include "frlic/core/files.h"
#include "frlic/core/status.h"

namespace frlic {

// Encodes `text` (error correction level M) as a black-on-white PNG, `scale` pixels per module
// with the standard 4-module quiet zone, written atomically to `path`.
Status WriteQrPng(const std::string& text, const std::string& path, Overwrite overwrite,
                  int scale = 8);

// Decodes the one QR code in the PNG at `path`. kMalformed if the file is not a PNG, holds no
// QR code, or more than one.
Result<std::string> ReadQrPng(const std::string& path);

}  // namespace frlic
