#include "frlic/licence/payload_fields.h"

#include "frlic/core/time.h"
#include "frlic/keys/key_id.h"

namespace frlic::payload_fields {
namespace {

bool IsHexDigit(char c, bool upper) {
  return (c >= '0' && c <= '9') || (upper ? (c >= 'A' && c <= 'F') : (c >= 'a' && c <= 'f'));
}

// The string at `key`, or nullopt with the problem recorded.
std::optional<std::string> Text(JsonFields& fields, const std::string& key) {
  std::size_t before = fields.problems().size();
  std::string text = fields.String(key);
  if (fields.problems().size() != before) return std::nullopt;
  return text;
}

std::string Shown(std::string_view text) {
  constexpr std::size_t kMax = 80;
  std::string shown =
      Json(std::string(text.substr(0, kMax))).dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > kMax) shown += "...";
  return shown;
}

}  // namespace

bool IsWellFormedSerial(std::string_view text) {
  if (text.size() != 20 || text.substr(0, 4) != "FRL-") return false;
  for (char c : text.substr(4)) {
    if (!IsHexDigit(c, /*upper=*/true)) return false;
  }
  return true;
}

bool IsLowerHex64(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!IsHexDigit(c, /*upper=*/false)) return false;
  }
  return true;
}

std::optional<std::string> Serial(JsonFields& fields, const std::string& key) {
  auto text = Text(fields, key);
  if (text && !IsWellFormedSerial(*text)) {
    fields.Add(key, "is not a serial", Shown(*text), "FRL- and 16 upper-case hex digits");
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> KeyId(JsonFields& fields, const std::string& key) {
  auto text = Text(fields, key);
  if (text && !IsWellFormedKeyId(*text)) {
    fields.Add(key, "is not a key id", Shown(*text), "16 lower-case hex characters");
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> Hex64(JsonFields& fields, const std::string& key) {
  auto text = Text(fields, key);
  if (text && !IsLowerHex64(*text)) {
    fields.Add(key, "is not a SHA-256 in hex", Shown(*text), "64 lower-case hex characters");
    return std::nullopt;
  }
  return text;
}

std::optional<UnixSeconds> Instant(JsonFields& fields, const std::string& key) {
  auto text = Text(fields, key);
  if (!text) return std::nullopt;
  auto when = ParseInstant(*text);
  if (!when) fields.Add(key, "is not a UTC instant", Shown(*text), "YYYY-MM-DDTHH:MM:SSZ");
  return when;
}

std::optional<Bytes> FixedBase64(JsonFields& fields, const std::string& key, std::size_t size) {
  auto text = Text(fields, key);
  if (!text) return std::nullopt;
  auto bytes = Base64Decode(*text);
  if (!bytes || bytes->size() != size) {
    fields.Add(key, bytes ? "has the wrong length" : "is not canonical base64", Shown(*text),
               "base64 of exactly " + std::to_string(size) + " bytes");
    return std::nullopt;
  }
  return bytes;
}

void FormatAndVersion(JsonFields& fields, std::string_view format, const char* what) {
  auto found = Text(fields, "format");
  if (found && *found != format) {
    fields.Add("format", std::string("is not ") + what, Shown(*found), Shown(format));
  }
  std::size_t before = fields.problems().size();
  std::int64_t version = fields.Integer("version");
  if (fields.problems().size() == before && version != 1) {
    fields.Add("version", "is not a version this frlic reads", std::to_string(version), "1");
  }
}

}  // namespace frlic::payload_fields
