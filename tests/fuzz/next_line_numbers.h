// For tests that parse an order as written and again with a "---" line in front (which takes
// the document scan's way and moves every line down by one): the problem texts of the first
// parse as the second must give them. Shared by the order fuzz target and the unit tests.
#pragma once

#include <string>
#include <string_view>

namespace frlic::testing_order {

// `text` with every "on line N" made "on line N+1": how a problem's expected text names
// another line ("each field once (it is first on line N)"). Not any "line N": a found text
// quotes the order, which may hold those words itself.
inline std::string NextLineNumbers(const std::string& text) {
  constexpr std::string_view kOnLine = "on line ";
  std::string out;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(kOnLine, start)) != std::string::npos;) {
    const std::size_t digits = at + kOnLine.size();
    std::size_t end = digits;
    while (end < text.size() && end - digits < 9 && text[end] >= '0' && text[end] <= '9') ++end;
    out += text.substr(start, digits - start);
    out += end > digits ? std::to_string(std::stol(text.substr(digits, end - digits)) + 1) : "";
    start = end;
  }
  return out + text.substr(start);
}

}  // namespace frlic::testing_order
