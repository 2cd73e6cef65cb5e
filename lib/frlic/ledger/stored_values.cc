#include "internal/stored_values.h"

namespace frlic::ledger_internal {
namespace {

constexpr const char* kEditedHint =
    "the ledger file was changed outside frlic; `frlic ledger verify` lists what does not add "
    "up";

// The length of the UTF-8 sequence starting at text[at] (RFC 3629: shortest form, no
// surrogates, at most U+10FFFF), or 0 if none starts there.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // overlong
    if (lead == 0xED) second_max = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // overlong
    if (lead == 0xF4) second_max = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  if (byte(at + 1) < second_min || byte(at + 1) > second_max) return 0;
  for (std::size_t i = at + 2; i < at + length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
  }
  return length;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = Utf8SequenceLength(text, at);
    if (length == 0) return false;
    at += length;
  }
  return true;
}

std::string Printable(std::string_view text) {
  std::string printable;
  printable.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = Utf8SequenceLength(text, at);
    if (length == 0) {
      printable += "\xEF\xBF\xBD";
      ++at;
    } else {
      printable += text.substr(at, length);
      at += length;
    }
  }
  return printable;
}

Result<Json> ParseJsonObjectColumn(const sql::Connection& db, const std::string& where,
                                   std::string_view field, std::string_view text) {
  auto parsed = ParseStrictJson(text, std::string(field));
  if (parsed.ok()) return parsed;
  // The parser quotes the bytes it stopped at, which need not be UTF-8.
  return db.Fail(ErrorCode::kLedgerCorrupt, Printable(where + ": " + parsed.error().message()))
      .WithHint(kEditedHint);
}

Status CheckTextColumn(const sql::Connection& db, const std::string& where, std::string_view field,
                       std::string_view text) {
  if (IsValidUtf8(text)) return Ok();
  return db
      .Fail(ErrorCode::kLedgerCorrupt, Printable(where) + ": " + std::string(field) +
                                           " is not valid UTF-8 (" + Printable(text) + ")")
      .WithHint(kEditedHint);
}

}  // namespace frlic::ledger_internal
