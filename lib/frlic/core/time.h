// Calendar dates and instants. Every date in frlic's formats is a calendar date in UTC;
// every instant is RFC 3339 UTC with a literal "Z" and whole seconds.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "frlic/core/clock.h"

namespace frlic {

struct CivilDate {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;

  auto operator<=>(const CivilDate&) const = default;
};

// Strict "YYYY-MM-DD" (a real calendar day, year 1970..9999).
std::optional<CivilDate> ParseDate(std::string_view text);
std::string FormatDate(const CivilDate& date);

// Midnight UTC at the start of the date.
UnixSeconds StartOfDay(const CivilDate& date);
CivilDate DateOf(UnixSeconds instant);

// Strict "YYYY-MM-DDTHH:MM:SSZ".
std::optional<UnixSeconds> ParseInstant(std::string_view text);
std::string FormatInstant(UnixSeconds instant);

}  // namespace frlic
