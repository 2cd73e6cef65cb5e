// The problems of one order file: see internal/order_problems.h.
#include "internal/order_problems.h"

#include <algorithm>
#include <utility>

namespace frlic::order_internal {

void OrderProblems::Add(const YAML::Mark& mark, std::string field, std::string message,
                        std::string found, std::string expected) {
  const LineAndColumn at = positions_.Locate(mark);
  problems_.push_back(Problem{file_, at.line, at.column, std::move(field), std::move(message),
                              std::move(found), std::move(expected)});
}

std::vector<Problem> OrderProblems::TakeSorted() {
  std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  return std::move(problems_);
}

}  // namespace frlic::order_internal
