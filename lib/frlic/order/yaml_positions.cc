// Byte offsets, lines and character columns of yaml-cpp's marks: see internal/yaml_positions.h.
#include "internal/yaml_positions.h"

#include <algorithm>

namespace frlic::order_internal {

YamlPositions::YamlPositions(std::string_view text)
    : text_(text.starts_with("\xef\xbb\xbf") ? text.substr(3) : text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

LineAndColumn YamlPositions::Locate(const YAML::Mark& mark) const {
  LineAndColumn at;
  if (mark.is_null()) return at;
  at.line = mark.line + 1;
  at.column = mark.column + 1;
  if (std::size_t end = Offset(mark); end != std::string_view::npos) {
    auto start = text_.begin() + line_starts_[mark.line];
    at.column = 1 + static_cast<int>(std::count_if(start, text_.begin() + end, [](char c) {
                  return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
                }));
  }
  return at;
}

std::size_t YamlPositions::Offset(const YAML::Mark& mark) const {
  if (mark.is_null() || mark.line < 0 || mark.column < 0 ||
      static_cast<std::size_t>(mark.line) >= line_starts_.size()) {
    return std::string_view::npos;
  }
  std::size_t offset = line_starts_[mark.line] + mark.column;
  return offset <= text_.size() ? offset : std::string_view::npos;
}

YAML::Mark YamlPositions::EmptyItemMark(const YAML::Mark& item_mark) const {
  std::size_t at = Offset(item_mark);
  if (at == std::string_view::npos) return item_mark;
  while (at > 0 && std::string_view(" \t\r\n").find(text_[at - 1]) != std::string_view::npos) {
    --at;
  }
  if (at == 0 || (text_[at - 1] != '-' && text_[at - 1] != ',')) return item_mark;
  auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), at - 1) - 1;
  YAML::Mark found;
  found.line = static_cast<int>(line - line_starts_.begin());
  found.column = static_cast<int>(at - 1 - *line);
  return found;
}

}  // namespace frlic::order_internal
