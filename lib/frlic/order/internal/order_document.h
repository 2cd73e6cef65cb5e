// Internal to lib/frlic/order: the YAML document of an order file, loaded through yaml-cpp
// with its syntax problems reported at their place.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string_view>

#include "order_problems.h"
#include "yaml_positions.h"

namespace frlic::order_internal {

// The root node of the first YAML document of `text` (the file as read). Reports to
// `problems` (placed by `positions`, made from the same text): a syntax error (a tab in the
// indentation named as such), a stray token where a document starts, an empty file, and more
// than one document. nullopt when there is nothing to read fields from; a second document is
// reported but the first is still returned. yaml-cpp's exceptions are caught here.
// An order that can hold none of the problems the document scan finds (one block mapping in
// column 0, shallow, no document markers, no aliases) is parsed once instead of twice.
std::optional<YAML::Node> LoadOrderDocument(std::string_view text, const YamlPositions& positions,
                                            OrderProblems& problems);

}  // namespace frlic::order_internal
