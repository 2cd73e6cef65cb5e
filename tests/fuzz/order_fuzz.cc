// order.yaml (lib/frlic/order): Order::Parse. An accepted order's terms survive their JSON
// form (what signed payloads and the ledger hold) unchanged.
#include "frlic/order/order.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frlic;
  auto order = Order::Parse(fuzz::Text(data, size), "order.yaml");
  if (!fuzz::Accepted(order, "Order::Parse")) return 0;
  auto terms = TermsFromJson(TermsToJson(order->terms()), "terms");
  if (!terms.ok())
    fuzz::Fail("an accepted order's terms do not read back: " + terms.error().message());
  if (!(*terms == order->terms())) fuzz::Fail("an accepted order's terms change through JSON");
  return 0;
}
