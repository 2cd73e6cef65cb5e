// Internal to lib/frlic/order: every problem found in one order file, each at its line and
// column, so the whole file is reported in one pass.
#pragma once

#include <yaml-cpp/mark.h>

#include <string>
#include <vector>

#include "frlic/core/status.h"
#include "yaml_positions.h"

namespace frlic::order_internal {

class OrderProblems {
 public:
  // `positions` places the marks; it is read at each Add, so it may be filled in later, and
  // must outlive this object.
  OrderProblems(std::string file, const YamlPositions& positions)
      : file_(std::move(file)), positions_(positions) {}

  // A problem with the field at dotted `field` ("" for the file), at `mark`.
  void Add(const YAML::Mark& mark, std::string field, std::string message, std::string found = {},
           std::string expected = {});

  bool empty() const { return problems_.empty(); }

  // The problems in the order of the file (by line and column; as found within one place).
  std::vector<Problem> TakeSorted();

 private:
  std::string file_;
  const YamlPositions& positions_;
  std::vector<Problem> problems_;
};

}  // namespace frlic::order_internal
