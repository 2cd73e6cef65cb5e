#include "internal/shown.h"

#include <algorithm>

namespace frlic::machine_internal {

std::string Shown(std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  const std::size_t limit = std::min<std::size_t>(text.size(), 64);
  for (std::size_t i = 0; i < limit; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (text.size() > limit) out += "...";
  return out + "\"";
}

}  // namespace frlic::machine_internal
