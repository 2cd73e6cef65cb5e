// zbar, the QR decoder, loaded on first use (dlopen) instead of linked: libzbar.so.0 pulls in
// X11, video4linux, D-Bus and libjpeg, and every frlic command paid for loading them at start-up
// although only `activate --qr-image` and `activation release --qr-image` decode an image.
// Only the dozen functions ReadQrPng calls are looked up, each with zbar.h's own signature.
#pragma once

#include <zbar.h>

#include <string>

#include "frlic/core/status.h"

namespace frlic::zbar_library {

// Pointers to zbar's functions, typed by zbar.h's declarations (decltype), so a call through
// one is checked by the compiler as a direct call would be.
struct ZbarFunctions {
  decltype(&zbar::zbar_image_scanner_create) image_scanner_create;
  decltype(&zbar::zbar_image_scanner_set_config) image_scanner_set_config;
  decltype(&zbar::zbar_image_scanner_destroy) image_scanner_destroy;
  decltype(&zbar::zbar_image_create) image_create;
  decltype(&zbar::zbar_image_set_format) image_set_format;
  decltype(&zbar::zbar_image_set_size) image_set_size;
  decltype(&zbar::zbar_image_set_data) image_set_data;
  decltype(&zbar::zbar_image_destroy) image_destroy;
  decltype(&zbar::zbar_scan_image) scan_image;
  decltype(&zbar::zbar_image_first_symbol) image_first_symbol;
  decltype(&zbar::zbar_symbol_next) symbol_next;
  decltype(&zbar::zbar_symbol_get_data) symbol_get_data;
  decltype(&zbar::zbar_symbol_get_data_length) symbol_get_data_length;
};

// The soname opened: Debian's libzbar0 package (the ABI zbar.h describes).
inline constexpr const char* kZbarSoname = "libzbar.so.0";

// zbar's functions, opening kZbarSoname on the first call (thread-safe; the library stays
// loaded for the rest of the process, and a failure is remembered).
Result<const ZbarFunctions*> LoadZbar();

// Opens `soname` and looks up every function; kNotFound, naming the package to install, when
// the library or one of the functions is missing. LoadZbar's work, exposed for the tests.
Result<ZbarFunctions> OpenZbar(const std::string& soname);

}  // namespace frlic::zbar_library
