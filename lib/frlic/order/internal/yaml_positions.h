// Internal to lib/frlic/order: where yaml-cpp's marks fall in the order text. yaml-cpp counts
// lines and bytes from the text after a byte order mark; people and editors count characters
// ("公司: x"), so messages give the column in characters.
#pragma once

#include <yaml-cpp/mark.h>

#include <cstddef>
#include <string_view>
#include <vector>

namespace frlic::order_internal {

struct LineAndColumn {
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based, in characters; 0 when unknown
};

class YamlPositions {
 public:
  YamlPositions() = default;  // of no text: every mark is outside it
  // `text` is the file as read (a byte order mark is skipped); it must outlive this object.
  explicit YamlPositions(std::string_view text);

  // The text positions refer to: the file after its byte order mark.
  std::string_view text() const { return text_; }

  // Where a problem at `mark` is shown: 0, 0 for a null mark; the column in characters when
  // the mark is inside the text.
  LineAndColumn Locate(const YAML::Mark& mark) const;

  // Where a mark is in text(), as a byte offset; npos if outside.
  std::size_t Offset(const YAML::Mark& mark) const;

  // yaml-cpp marks an empty list item ("-" alone) at the next token; its own place is the '-'
  // or ',' before it, so this looks back over the blanks. `item_mark` if there is none.
  YAML::Mark EmptyItemMark(const YAML::Mark& item_mark) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> line_starts_;
};

}  // namespace frlic::order_internal
