#include "frlic/activation/zbar_library.h"

#include <dlfcn.h>

#include <string>

namespace frlic::zbar_library {
namespace {

const char* const kZbarHint =
    "install zbar's runtime library (Debian/Ubuntu: apt-get install libzbar0); only decoding "
    "a QR image (--qr-image) needs it";

// Looks `name` up into `out`; the first name not found is kept in `missing`.
template <typename Function>
void Bind(void* handle, const char* name, Function& out, std::string& missing) {
  out = reinterpret_cast<Function>(::dlsym(handle, name));
  if (out == nullptr && missing.empty()) missing = name;
}

}  // namespace

Result<ZbarFunctions> OpenZbar(const std::string& soname) {
  // RTLD_LOCAL: zbar's symbols (and its dependencies') stay out of the global namespace.
  void* handle = ::dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = ::dlerror();
    return Error(ErrorCode::kNotFound,
                 "the QR decoder " + soname +
                     " could not be loaded: " + (why != nullptr ? why : "unknown dlopen error"),
                 kZbarHint);
  }
  ZbarFunctions functions{};
  std::string missing;
  Bind(handle, "zbar_image_scanner_create", functions.image_scanner_create, missing);
  Bind(handle, "zbar_image_scanner_set_config", functions.image_scanner_set_config, missing);
  Bind(handle, "zbar_image_scanner_destroy", functions.image_scanner_destroy, missing);
  Bind(handle, "zbar_image_create", functions.image_create, missing);
  Bind(handle, "zbar_image_set_format", functions.image_set_format, missing);
  Bind(handle, "zbar_image_set_size", functions.image_set_size, missing);
  Bind(handle, "zbar_image_set_data", functions.image_set_data, missing);
  Bind(handle, "zbar_image_destroy", functions.image_destroy, missing);
  Bind(handle, "zbar_scan_image", functions.scan_image, missing);
  Bind(handle, "zbar_image_first_symbol", functions.image_first_symbol, missing);
  Bind(handle, "zbar_symbol_next", functions.symbol_next, missing);
  Bind(handle, "zbar_symbol_get_data", functions.symbol_get_data, missing);
  Bind(handle, "zbar_symbol_get_data_length", functions.symbol_get_data_length, missing);
  if (!missing.empty()) {
    ::dlclose(handle);
    return Error(ErrorCode::kNotFound,
                 soname + " has no function " + missing + " (expected zbar 0.10 or later)",
                 kZbarHint);
  }
  return functions;
}

Result<const ZbarFunctions*> LoadZbar() {
  // Opened once, on first use; a failure is remembered too (the library does not appear
  // mid-run).
  static const Result<ZbarFunctions> loaded = OpenZbar(kZbarSoname);
  if (!loaded.ok()) return loaded.error();
  return &loaded.value();
}

}  // namespace frlic::zbar_library
