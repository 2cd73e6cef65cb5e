#include "frlic/core/time.h"

#include <chrono>
#include <cstdio>

namespace frlic {
namespace {

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

int ToInt(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

std::optional<CivilDate> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!AllDigits(y) || !AllDigits(m) || !AllDigits(d)) return std::nullopt;
  CivilDate date{ToInt(y), static_cast<unsigned>(ToInt(m)), static_cast<unsigned>(ToInt(d))};
  if (date.year < 1970) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{date.year}, std::chrono::month{date.month},
                                  std::chrono::day{date.day}};
  if (!ymd.ok()) return std::nullopt;
  return date;
}

std::string FormatDate(const CivilDate& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", date.year, date.month, date.day);
  return buffer;
}

UnixSeconds StartOfDay(const CivilDate& date) {
  std::chrono::sys_days days{std::chrono::year_month_day{
      std::chrono::year{date.year}, std::chrono::month{date.month}, std::chrono::day{date.day}}};
  return std::chrono::duration_cast<std::chrono::seconds>(days.time_since_epoch()).count();
}

CivilDate DateOf(UnixSeconds instant) {
  std::chrono::sys_seconds seconds{std::chrono::seconds{instant}};
  std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(seconds)};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day())};
}

std::optional<UnixSeconds> ParseInstant(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    return std::nullopt;
  }
  auto date = ParseDate(text.substr(0, 10));
  auto h = text.substr(11, 2), m = text.substr(14, 2), s = text.substr(17, 2);
  if (!date || !AllDigits(h) || !AllDigits(m) || !AllDigits(s)) return std::nullopt;
  int hours = ToInt(h), minutes = ToInt(m), secs = ToInt(s);
  if (hours > 23 || minutes > 59 || secs > 59) return std::nullopt;
  return StartOfDay(*date) + hours * 3600 + minutes * 60 + secs;
}

std::string FormatInstant(UnixSeconds instant) {
  CivilDate date = DateOf(instant);
  UnixSeconds in_day = instant - StartOfDay(date);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02dZ", FormatDate(date).c_str(),
                static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                static_cast<int>(in_day % 60));
  return buffer;
}

}  // namespace frlic
