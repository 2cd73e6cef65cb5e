// order.yaml (lib/frlic/order): Order::Parse. An accepted order's terms survive their JSON
// form (what signed payloads and the ledger hold) unchanged. Most orders are parsed in one
// pass; a "---" line in front makes any order take the long way (the document scan first),
// so both ways are run and must give the same verdict and the same problems.
#include "frlic/order/order.h"
#include "fuzz_support.h"
#include "next_line_numbers.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace {

using frlic::testing_order::NextLineNumbers;

// Whether a "---" line in front changes nothing but the line numbers: not when a line starts
// with a document marker or directive already, nor with a byte order mark (it must come
// first) or a NUL (UTF-16 or UTF-32, where the bytes are not the characters).
bool PrefixKeepsMeaning(std::string_view text) {
  if (text.empty() || text.find('\0') != std::string_view::npos ||
      text.starts_with("\xef\xbb\xbf") || text.starts_with("\xfe\xff") ||
      text.starts_with("\xff\xfe")) {
    return false;
  }
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    if (line.starts_with("---") || line.starts_with("...") || line.starts_with("%")) return false;
    start = end + 1;
  }
  return true;
}

void CheckBothWaysAgree(std::string_view text, const frlic::Result<frlic::Order>& once) {
  using namespace frlic;
  if (!PrefixKeepsMeaning(text)) return;
  auto scanned = Order::Parse("---\n" + std::string(text), "order.yaml");
  if (once.ok() != scanned.ok()) fuzz::Fail("parsed once and the long way, the verdicts differ");
  if (once.ok()) {
    if (!(once->terms() == scanned->terms())) fuzz::Fail("the two ways read different terms");
    return;
  }
  const auto& a = once.error().problems();
  const auto& b = scanned.error().problems();
  if (a.size() != b.size()) fuzz::Fail("the two ways find different numbers of problems");
  for (std::size_t i = 0; i < a.size(); ++i) {
    bool same_place = a[i].column == b[i].column &&
                      (a[i].message == "the file holds no order" ||  // at the document's start
                       (a[i].line == 0 ? 0 : a[i].line + 1) == b[i].line);
    if (a[i].message != b[i].message || a[i].field != b[i].field || !same_place ||
        a[i].found != b[i].found || NextLineNumbers(a[i].expected) != b[i].expected) {
      fuzz::Fail("the two ways find different problems: \"" + a[i].message + "\" and \"" +
                 b[i].message + "\"");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frlic;
  const std::string_view text = fuzz::Text(data, size);
  auto order = Order::Parse(text, "order.yaml");
  CheckBothWaysAgree(text, order);
  if (!fuzz::Accepted(order, "Order::Parse")) return 0;
  auto terms = TermsFromJson(TermsToJson(order->terms()), "terms");
  if (!terms.ok())
    fuzz::Fail("an accepted order's terms do not read back: " + terms.error().message());
  if (!(*terms == order->terms())) fuzz::Fail("an accepted order's terms change through JSON");
  return 0;
}
