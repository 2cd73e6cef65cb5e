#include "exit_codes.h"

#include <iostream>

namespace frlic::app {

int PrintError(const char* program, const Error& error) {
  std::cerr << program << ": error: " << error.message() << "\n";
  for (const auto& problem : error.problems()) std::cerr << "  " << FormatProblem(problem) << "\n";
  if (!error.hint().empty()) std::cerr << program << ": hint: " << error.hint() << "\n";
  return ExitCodeFor(error.code());
}

}  // namespace frlic::app
