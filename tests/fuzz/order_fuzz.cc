// order.yaml (lib/frlic/order): Order::Parse. An accepted order's terms survive their JSON
// form (what signed payloads and the ledger hold) unchanged. Most orders are parsed in one
// pass; a "---" line in front makes any order take the long way (the document scan first),
// so both ways are run and must give the same verdict and the same problems.
#include "frlic/order/order.h"
#include "fuzz_support.h"

namespace {

// Whether a "---" line in front changes nothing but the line numbers: not when the text has a
// document marker or directive already, a byte order mark (it must come first) or a NUL.
bool PrefixKeepsMeaning(std::string_view text) {
  return !text.empty() && text.find("---") == std::string_view::npos &&
         text.find("...") == std::string_view::npos && text.find('%') == std::string_view::npos &&
         text.find('\0') == std::string_view::npos && !text.starts_with("\xef\xbb\xbf") &&
         !text.starts_with("\xfe\xff") && !text.starts_with("\xff\xfe");
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
    if (a[i].message != b[i].message || a[i].field != b[i].field) {
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
