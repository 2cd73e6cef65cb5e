// Internal to lib/frlic/order: the fields of order.yaml as dotted paths ("server.port",
// "app_names[]" for an item of a list), with what each expects, for the reader's messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace frlic::order_internal {

// What the field at `path` expects ("app_names[2]" looks up "app_names[]"); empty if the
// schema has no such field.
std::string_view ExpectedFor(std::string_view path);

// The keys allowed one level below `prefix` ("" for the top level, "product." for product).
std::vector<std::string_view> KeysUnder(std::string_view prefix);

// What to suggest for an unknown `key` under `prefix`: a typo of a key at this level, or (at
// the top level) a key that belongs one level down, as in the flat terms JSON ("domain" is
// server.domain).
std::string Suggestion(std::string_view key, std::string_view prefix);

}  // namespace frlic::order_internal
