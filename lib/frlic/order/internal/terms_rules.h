// Internal to lib/frlic/order: the value rules of an order's terms, shared by the order.yaml
// reader and the strict terms JSON reader so that both accept exactly the same terms.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "frlic/core/time.h"
#include "frlic/order/order.h"

namespace frlic::order_rules {

inline constexpr std::int64_t kMaxCapacity = 1000000;
inline constexpr std::size_t kMaxNameChars = 200;       // company, project, app names
inline constexpr std::size_t kMaxContentChars = 1000;   // project_content
inline constexpr std::size_t kMaxIdentifierChars = 64;  // order_id, build, features
inline constexpr std::size_t kMaxNotesChars = 4000;     // notes (special requirements)
inline constexpr std::size_t kMaxEmailChars = 254;      // requested_by

// What is wrong with one value. The caller knows where it is and what was found.
struct Violation {
  std::string message;
  std::string expected;
};
using Check = std::optional<Violation>;

Check CheckOrderId(std::string_view text);
Check ParseMethodText(std::string_view text, Method* method);
// Names shown to people (company, project, app names): non-empty UTF-8 without control
// characters or surrounding spaces, at most `max_chars` characters.
Check CheckText(std::string_view text, std::size_t max_chars);
// The order's notes: as CheckText, but line feeds and tabs are allowed (several lines of
// special requirements) and so is indentation; `text` is the value without trailing white
// space (NotesText).
Check CheckNotes(std::string_view text);
// The notes as stored: the value without the trailing spaces, tabs and line feeds a YAML
// block scalar ("notes: |") leaves.
std::string NotesText(std::string_view text);
// The sender's e-mail address: LOCAL@DOMAIN, LOCAL 1-64 printable ASCII characters without
// spaces, quotes or any of @ < > ( ) [ ] , ; : \, DOMAIN a host name (CheckDomain) with a dot.
Check CheckEmail(std::string_view text);
// YYYY-MM-DD; the e-mails write YYYY/MM/DD, so that form gets its own hint.
Check ParseDateText(std::string_view text, CivilDate* date);
Check CheckExpiry(const CivilDate& contract_date, const CivilDate& expires);
Check CheckProductName(std::string_view text);
Check CheckVersion(std::string_view text);
Check CheckBuild(std::string_view text);
Check CheckCapacity(std::int64_t capacity);
Check ParseCapacityText(std::string_view text, std::int64_t* capacity);
Check CheckPort(std::int64_t port);
Check ParsePortText(std::string_view text, std::uint16_t* port);
Check ParseIpRangeText(std::string_view text, IpRange* range);
Check ParsePublicIpText(std::string_view text, std::uint32_t* address);
Check CheckDomain(std::string_view text);
Check CheckAccountName(std::string_view text);
Check CheckFeature(std::string_view text);

// Which of the method-dependent fields each method uses (docs/formats.md, "Order").
enum class Usage { kRequired, kOptional, kUnused };
enum class MethodField { kProject, kVersion, kProjectContent, kIpRanges, kServer, kPort, kAccount };
Usage UsageOf(MethodField field, Method method);
// "is not used by method X" with what to do instead.
Violation NotUsed(MethodField field, Method method);

// The candidate closest to `word` within edit distance 2 (a typo), or empty.
std::string ClosestName(std::string_view word, std::span<const std::string_view> candidates);

// `text` as a short, escaped, double-quoted string for Problem::found.
std::string Quote(std::string_view text);

}  // namespace frlic::order_rules
