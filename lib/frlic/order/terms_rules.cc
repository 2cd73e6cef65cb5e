#include "internal/terms_rules.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <utility>
#include <vector>

#include "frlic/core/strict_json.h"

namespace frlic::order_rules {
namespace {

bool IsIdentifierChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

bool AllIdentifierChars(std::string_view text) {
  return std::all_of(text.begin(), text.end(), IsIdentifierChar);
}

bool IsDigits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

Violation Bad(std::string message, std::string expected) {
  return Violation{std::move(message), std::move(expected)};
}

// Decodes strict UTF-8 (no overlong forms, surrogates or values above U+10FFFF) into code
// points; nullopt if the bytes are not UTF-8. yaml-cpp passes invalid bytes through, and
// nlohmann::json refuses to serialise them, so they must be stopped here.
std::optional<std::vector<char32_t>> DecodeUtf8(std::string_view text) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    int length = byte < 0x80           ? 1
                 : (byte >> 5) == 0x6  ? 2
                 : (byte >> 4) == 0xe  ? 3
                 : (byte >> 3) == 0x1e ? 4
                                       : 0;
    if (length == 0 || i + length > text.size()) return std::nullopt;
    char32_t point = length == 1 ? byte : byte & (0x7f >> length);
    for (int k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return std::nullopt;
      point = point << 6 | (next & 0x3f);
    }
    static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (point < kMinimum[length] || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) {
      return std::nullopt;
    }
    out.push_back(point);
    i += length;
  }
  return out;
}

// C0 controls, DEL, C1 controls, and the line and paragraph separators U+2028, U+2029.
bool IsControl(char32_t c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
}

// The invisible characters that change the display order of text (Unicode's bidirectional
// marks, embeddings, overrides and isolates): a name holding one can show as another.
bool IsBidiControl(char32_t c) {
  return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

// "U+202E RIGHT-TO-LEFT OVERRIDE", "U+0009 CHARACTER TABULATION"; the number alone for others.
std::string CodePointName(char32_t c) {
  char number[16];
  std::snprintf(number, sizeof number, "U+%04X", static_cast<unsigned>(c));
  static constexpr std::pair<char32_t, const char*> kNames[] = {
      {0x09, "CHARACTER TABULATION"},
      {0x0a, "LINE FEED"},
      {0x0d, "CARRIAGE RETURN"},
      {0x1b, "ESCAPE"},
      {0x7f, "DELETE"},
      {0x85, "NEXT LINE"},
      {0x061c, "ARABIC LETTER MARK"},
      {0x200e, "LEFT-TO-RIGHT MARK"},
      {0x200f, "RIGHT-TO-LEFT MARK"},
      {0x2028, "LINE SEPARATOR"},
      {0x2029, "PARAGRAPH SEPARATOR"},
      {0x202a, "LEFT-TO-RIGHT EMBEDDING"},
      {0x202b, "RIGHT-TO-LEFT EMBEDDING"},
      {0x202c, "POP DIRECTIONAL FORMATTING"},
      {0x202d, "LEFT-TO-RIGHT OVERRIDE"},
      {0x202e, "RIGHT-TO-LEFT OVERRIDE"},
      {0x2066, "LEFT-TO-RIGHT ISOLATE"},
      {0x2067, "RIGHT-TO-LEFT ISOLATE"},
      {0x2068, "FIRST STRONG ISOLATE"},
      {0x2069, "POP DIRECTIONAL ISOLATE"},
  };
  for (const auto& [point, name] : kNames) {
    if (point == c) return std::string(number) + " " + name;
  }
  return number;
}

// Optimal string alignment distance: a swapped pair of letters ("versoin") counts as one.
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// A whole decimal number as YAML writes it: optional '-', digits, no leading zeros (YAML 1.1
// reads 010 as octal). Too many digits count as out of range, not as malformed.
std::optional<std::int64_t> ParseWholeNumber(std::string_view text, bool* too_large) {
  *too_large = false;
  bool negative = !text.empty() && text[0] == '-';
  std::string_view digits = negative ? text.substr(1) : text;
  if (!IsDigits(digits) || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  if (digits.size() > 15) {
    *too_large = true;
    return std::nullopt;
  }
  std::int64_t value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return negative ? -value : value;
}

constexpr std::array<std::string_view, 3> kProducts = {"FineDataLink", "FineReport", "FineBI"};
constexpr char kIpExpected[] =
    "a.b.c.d or a.b.c.d - e.f.g.h, each part 0 to 255 without leading zeros, within 1.0.0.0 to "
    "255.255.255.255";

}  // namespace

Check CheckOrderId(std::string_view text) {
  if (text.empty() || text.size() > kMaxIdentifierChars || !AllIdentifierChars(text)) {
    return Bad("is not a valid order id",
               "1 to 64 characters of A-Z, a-z, 0-9, '.', '_', '-', e.g. \"ORD-2026-0042\"");
  }
  return std::nullopt;
}

Check ParseMethodText(std::string_view text, Method* method) {
  if (auto parsed = ParseMethod(text)) {
    *method = *parsed;
    return std::nullopt;
  }
  std::string expected =
      "one of local-container, private-cloud, container-private-cloud, public-cloud";
  // The e-mails say "Private cloud authentication": try that spelling before typos.
  std::string normal = Lower(text);
  std::replace(normal.begin(), normal.end(), ' ', '-');
  std::replace(normal.begin(), normal.end(), '_', '-');
  constexpr std::string_view kSuffix = "-authentication";
  if (normal.ends_with(kSuffix)) normal.resize(normal.size() - kSuffix.size());
  constexpr std::array<std::string_view, 4> kNames = {"local-container", "private-cloud",
                                                      "container-private-cloud", "public-cloud"};
  std::string suggestion = ParseMethod(normal) ? normal : ClosestName(normal, kNames);
  if (!suggestion.empty()) expected += "; did you mean \"" + suggestion + "\"?";
  return Bad("is not a registration method", expected);
}

namespace {

// The rules CheckText and CheckNotes share; `multi_line` allows line feeds and tabs.
Check CheckTextCharacters(std::string_view text, std::size_t max_chars, bool multi_line) {
  if (text.empty()) return Bad("is empty", "non-empty text");
  auto points = DecodeUtf8(text);
  if (!points) return Bad("is not valid UTF-8 text", "text saved as UTF-8");
  for (std::size_t i = 0; i < points->size(); ++i) {
    const char32_t c = (*points)[i];
    const std::string where = ", " + CodePointName(c) + ", at character " + std::to_string(i + 1);
    if (multi_line && (c == '\n' || c == '\t')) continue;
    if (IsControl(c)) {
      return Bad("contains a control character" + where,
                 multi_line ? "text without control characters other than line feeds and tabs"
                            : "text on one line without control characters (such as a tab or "
                              "line break)");
    }
    if (IsBidiControl(c)) {
      return Bad("contains a bidirectional formatting character" + where,
                 "text without invisible direction marks or overrides (U+061C, U+200E, U+200F, "
                 "U+202A to U+202E, U+2066 to U+2069), which make text display differently "
                 "from what it holds");
    }
  }
  if (!multi_line && (text.front() == ' ' || text.back() == ' ')) {
    return Bad("has spaces at the start or end", "the text without surrounding spaces");
  }
  if (points->size() > max_chars) {
    return Bad("is too long (" + std::to_string(points->size()) + " characters)",
               "at most " + std::to_string(max_chars) + " characters");
  }
  return std::nullopt;
}

}  // namespace

Check CheckText(std::string_view text, std::size_t max_chars) {
  return CheckTextCharacters(text, max_chars, /*multi_line=*/false);
}

std::string NotesText(std::string_view text) {
  std::size_t end = text.find_last_not_of(" \t\n");
  return std::string(end == std::string_view::npos ? std::string_view() : text.substr(0, end + 1));
}

Check CheckNotes(std::string_view text) {
  return CheckTextCharacters(text, kMaxNotesChars, /*multi_line=*/true);
}

Check CheckEmail(std::string_view text) {
  constexpr char kExpected[] =
      "one e-mail address such as buyer@example-trading.com (the sender of the order e-mail)";
  const std::size_t at = text.find('@');
  if (text.size() > kMaxEmailChars || at == std::string_view::npos || at == 0 || at > 64 ||
      text.find('@', at + 1) != std::string_view::npos) {
    return Bad("is not an e-mail address", kExpected);
  }
  const std::string_view local = text.substr(0, at);
  const std::string_view domain = text.substr(at + 1);
  constexpr std::string_view kNotInLocal = " \"<>()[],;:\\";
  for (char c : local) {
    if (c <= 0x20 || c >= 0x7f || kNotInLocal.find(c) != std::string_view::npos) {
      return Bad("is not an e-mail address", kExpected);
    }
  }
  if (domain.find('.') == std::string_view::npos || CheckDomain(domain)) {
    return Bad("is not an e-mail address (the part after @ is not a domain name)", kExpected);
  }
  return std::nullopt;
}

Check ParseDateText(std::string_view text, CivilDate* date) {
  if (auto parsed = ParseDate(text)) {
    *date = *parsed;
    return std::nullopt;
  }
  std::string dashed(text);
  std::replace(dashed.begin(), dashed.end(), '/', '-');
  if (dashed != text && ParseDate(dashed)) {
    return Bad("is written with slashes, as in the e-mail", "YYYY-MM-DD with dashes: " + dashed);
  }
  bool shaped = dashed.size() == 10 && dashed[4] == '-' && dashed[7] == '-' &&
                IsDigits(dashed.substr(0, 4)) && IsDigits(dashed.substr(5, 2)) &&
                IsDigits(dashed.substr(8, 2));
  if (shaped) {
    return Bad("is not a real calendar day", "a date that exists, YYYY-MM-DD, year 1970 to 9999");
  }
  return Bad("is not a date", "YYYY-MM-DD, e.g. 2026-11-01");
}

Check CheckExpiry(const CivilDate& contract_date, const CivilDate& expires) {
  if (expires <= contract_date) {
    return Bad("is not after contract_date", "a date after " + FormatDate(contract_date));
  }
  return std::nullopt;
}

Check CheckProductName(std::string_view text) {
  for (auto name : kProducts) {
    if (text == name) return std::nullopt;
  }
  std::string expected = "one of FineDataLink, FineReport, FineBI";
  for (auto name : kProducts) {
    if (Lower(text) == Lower(name)) expected += "; did you mean \"" + std::string(name) + "\"?";
  }
  return Bad("is not a product frlic licenses", expected);
}

Check CheckVersion(std::string_view text) {
  // Components of digits without leading zeros: "4.01" and "4.1" must not both exist,
  // since the product compares versions as text.
  bool ok = text.size() <= 32 && text.find('.') != std::string_view::npos;
  for (std::size_t start = 0; ok;) {
    std::size_t end = std::min(text.find('.', start), text.size());
    std::string_view part = text.substr(start, end - start);
    ok = IsDigits(part) && (part.size() == 1 || part[0] != '0');
    if (end == text.size()) break;
    start = end + 1;
  }
  if (!ok) {
    std::string expected = "the minor version, digits and dots such as \"4.1\"";
    if (text.find('-') != std::string_view::npos) {
      expected += "; the JAR build goes in product.build";
    }
    return Bad("is not a version number", expected);
  }
  return std::nullopt;
}

Check CheckBuild(std::string_view text) {
  if (text.empty() || text.size() > kMaxIdentifierChars || !AllIdentifierChars(text)) {
    return Bad("is not a JAR package build",
               "1 to 64 characters of A-Z, a-z, 0-9, '.', '_', '-', e.g. \"4.1.5-20240105\"");
  }
  return std::nullopt;
}

Check CheckCapacity(std::int64_t capacity) {
  if (capacity < 1) return Bad("is less than 1", "a whole number from 1 to 1000000");
  if (capacity > kMaxCapacity) {
    return Bad("is more than 1000000", "a whole number from 1 to 1000000");
  }
  return std::nullopt;
}

Check ParseCapacityText(std::string_view text, std::int64_t* capacity) {
  bool too_large = false;
  auto value = ParseWholeNumber(text, &too_large);
  if (too_large) return Bad("is more than 1000000", "a whole number from 1 to 1000000");
  if (!value) return Bad("is not a whole number", "a whole number from 1 to 1000000, e.g. 2");
  if (auto bad = CheckCapacity(*value)) return bad;
  *capacity = *value;
  return std::nullopt;
}

Check CheckPort(std::int64_t port) {
  if (port < 1 || port > 65535) {
    return Bad("is not a TCP port number", "a whole number from 1 to 65535, e.g. 18081");
  }
  return std::nullopt;
}

Check ParsePortText(std::string_view text, std::uint16_t* port) {
  bool too_large = false;
  auto value = ParseWholeNumber(text, &too_large);
  if (!value && !too_large) return Bad("is not a whole number", "a whole number from 1 to 65535");
  if (auto bad = CheckPort(value.value_or(0))) return bad;
  *port = static_cast<std::uint16_t>(*value);
  return std::nullopt;
}

Check ParseIpRangeText(std::string_view text, IpRange* range) {
  std::string why;
  auto parsed = ParseIpRange(text, &why);
  if (!parsed) return Bad(why, kIpExpected);
  *range = *parsed;
  return std::nullopt;
}

Check ParsePublicIpText(std::string_view text, std::uint32_t* address) {
  IpRange range;
  if (auto bad = ParseIpRangeText(text, &range)) return bad;
  if (range.first != range.last) {
    return Bad("is a range", "one address a.b.c.d within 1.0.0.0 to 255.255.255.255");
  }
  *address = range.first;
  return std::nullopt;
}

Check CheckDomain(std::string_view text) {
  constexpr char kExpected[] =
      "a host name such as license.example.com: labels of 1 to 63 letters, digits or '-' "
      "(not at either end), separated by dots, at most 253 characters";
  if (ParseIpv4(text)) {
    return Bad("is an IP address, not a domain name", "server.public_ip for an address");
  }
  bool ok = !text.empty() && text.size() <= 253;
  for (std::size_t start = 0; ok;) {
    std::size_t end = std::min(text.find('.', start), text.size());
    std::string_view label = text.substr(start, end - start);
    ok = !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
         std::all_of(label.begin(), label.end(),
                     [](char c) { return IsIdentifierChar(c) && c != '.' && c != '_'; });
    if (end == text.size()) break;
    start = end + 1;
  }
  if (!ok) return Bad("is not a valid domain name", kExpected);
  return std::nullopt;
}

Check CheckAccountName(std::string_view text) {
  bool ok = text.size() >= 3 && text.size() <= 32;
  for (std::size_t i = 0; ok && i < text.size(); ++i) {
    char c = text[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    ok = alnum || (i > 0 && (c == '.' || c == '_' || c == '-'));
  }
  if (!ok) {
    return Bad("is not a valid account name",
               "3 to 32 characters of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
  }
  return std::nullopt;
}

Check CheckFeature(std::string_view text) {
  if (text.empty() || text.size() > kMaxIdentifierChars || !AllIdentifierChars(text)) {
    return Bad("is not a function point identifier",
               "1 to 64 characters of A-Z, a-z, 0-9, '.', '_', '-', e.g. \"data-sync\"");
  }
  return std::nullopt;
}

Usage UsageOf(MethodField field, Method method) {
  switch (field) {
    case MethodField::kProject:
    case MethodField::kVersion:
      // A public cloud account serves many projects of the customer's choosing.
      return method == Method::kPublicCloud ? Usage::kOptional : Usage::kRequired;
    case MethodField::kProjectContent:
      return method == Method::kLocalContainer ? Usage::kOptional : Usage::kUnused;
    case MethodField::kIpRanges:
      return method == Method::kPrivateCloud ? Usage::kRequired : Usage::kUnused;
    case MethodField::kServer:
      return method == Method::kPrivateCloud || method == Method::kContainerPrivateCloud
                 ? Usage::kOptional
                 : Usage::kUnused;
    case MethodField::kPort:
      // The access port of the licence server (private cloud, default 8081) or the component
      // (default 18081); both are filled in at issue when the order leaves them out.
      return method == Method::kPrivateCloud || method == Method::kContainerPrivateCloud
                 ? Usage::kOptional
                 : Usage::kUnused;
    case MethodField::kAccount:
      return method == Method::kPublicCloud ? Usage::kOptional : Usage::kUnused;
  }
  return Usage::kUnused;
}

Violation NotUsed(MethodField field, Method method) {
  std::vector<std::string> users;
  for (Method m : {Method::kLocalContainer, Method::kPrivateCloud, Method::kContainerPrivateCloud,
                   Method::kPublicCloud}) {
    if (UsageOf(field, m) != Usage::kUnused) users.push_back(MethodName(m));
  }
  std::string who = "only method" + std::string(users.size() == 1 ? " " : "s ");
  for (std::size_t i = 0; i < users.size(); ++i) {
    who += (i == 0 ? "" : i + 1 == users.size() ? " and " : ", ") + users[i];
  }
  who += users.size() == 1 ? " uses it" : " use it";
  return Bad(std::string("is not used by method ") + MethodName(method), "remove it; " + who);
}

std::string ClosestName(std::string_view word, std::span<const std::string_view> candidates) {
  std::string best;
  std::size_t best_distance = 3;
  for (auto candidate : candidates) {
    // Lengths that differ by more than 2 cannot be within distance 2 (and a long key would
    // make the table large).
    std::size_t gap = word.size() > candidate.size() ? word.size() - candidate.size()
                                                     : candidate.size() - word.size();
    if (gap > 2) continue;
    std::size_t distance = EditDistance(Lower(word), Lower(candidate));
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string Quote(std::string_view text) {
  constexpr std::size_t kMax = 80;
  std::string shown(text.substr(0, kMax));
  std::string dumped = Json(shown).dump(-1, ' ', false, Json::error_handler_t::replace);
  // JSON escapes C0 controls only; what is shown must not carry the other controls or
  // direction overrides to the terminal either, so they are written as \uXXXX too. The dump
  // is valid UTF-8 (invalid bytes were replaced).
  std::string quoted;
  for (std::size_t i = 0; i < dumped.size();) {
    auto lead = static_cast<unsigned char>(dumped[i]);
    std::size_t length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    length = std::min(length, dumped.size() - i);
    auto point = DecodeUtf8(std::string_view(dumped).substr(i, length));
    if (point && point->size() == 1 && (IsControl((*point)[0]) || IsBidiControl((*point)[0]))) {
      char escaped[16];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>((*point)[0]));
      quoted += escaped;
    } else {
      quoted.append(dumped, i, length);
    }
    i += length;
  }
  if (text.size() > kMax) quoted += "...";
  return quoted;
}

}  // namespace frlic::order_rules
