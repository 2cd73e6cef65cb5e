#include "frlic/licence/server_licence.h"

#include <algorithm>

#include "frlic/core/time.h"
#include "frlic/licence/envelope.h"
#include "frlic/licence/payload_fields.h"

namespace frlic {

std::uint16_t ServerPort(const Terms& terms) { return terms.port.value_or(kDefaultServerPort); }

std::string ServerLicencePayload(const ServerLicence& licence) {
  Terms terms = licence.terms;
  terms.port = ServerPort(terms);
  Json payload = {
      {"format", kServerLicenceFormat},
      {"version", 1},
      {"serial", licence.serial},
      {"key_id", licence.key_id},
      {"issued_at", FormatInstant(licence.issued_at)},
      {"order_id", licence.order_id},
      {"terms", TermsToJson(terms)},
      {"machine_fingerprint", licence.machine_fingerprint},
      {"platform", PlatformName(licence.platform)},
      {"instance_public_key", Base64Encode(ByteView(licence.instance_public_key))},
      {"nonce", Base64Encode(licence.nonce)},
  };
  return payload.dump();  // nlohmann's object is a std::map: keys come out sorted
}

Result<ServerLicence> ServerLicenceFromPayload(const Json& payload, const std::string& file) {
  namespace pf = payload_fields;
  JsonFields fields(payload, file);
  fields.RejectUnknown({"format", "version", "serial", "key_id", "issued_at", "order_id", "terms",
                        "machine_fingerprint", "platform", "instance_public_key", "nonce"});
  pf::FormatAndVersion(fields, kServerLicenceFormat, "a server licence");
  ServerLicence licence;
  licence.serial = pf::Serial(fields, "serial").value_or("");
  licence.key_id = pf::KeyId(fields, "key_id").value_or("");
  licence.issued_at = pf::Instant(fields, "issued_at").value_or(0);
  std::size_t before = fields.problems().size();
  licence.order_id = fields.String("order_id");
  if (fields.problems().size() == before && licence.order_id.empty()) {
    fields.Add("order_id", "is empty", {}, "the order's id");
  }
  licence.machine_fingerprint = pf::Hex64(fields, "machine_fingerprint").value_or("");
  before = fields.problems().size();
  const std::string platform = fields.String("platform");
  if (fields.problems().size() == before) {
    if (auto parsed = ParsePlatform(platform)) {
      licence.platform = *parsed;
    } else {
      fields.Add("platform", "is not a known platform", platform,
                 "windows, linux-amd64, linux-i386, linux-arm32, linux-arm64 or macos");
    }
  }
  if (auto key = pf::FixedBase64(fields, "instance_public_key", kEd25519PublicKeySize)) {
    std::copy(key->begin(), key->end(), licence.instance_public_key.begin());
  }
  licence.nonce = pf::FixedBase64(fields, "nonce", kReceiptNonceSize).value_or(Bytes{});

  std::vector<Problem> problems = std::move(fields.problems());
  ReadPayloadTerms(payload, Method::kPrivateCloud, file, &licence.terms, &problems);
  if (!problems.empty()) {
    return Error(ErrorCode::kMalformed, file + ": the server licence payload is not valid",
                 std::move(problems));
  }
  return licence;
}

Result<ServerLicence> OpenServerLicence(ByteView envelope, const Keyring& keys,
                                        const std::string& file) {
  FRLIC_ASSIGN_OR_RETURN(OpenedEnvelope opened,
                         OpenEnvelope(envelope, kServerLicenceType, keys, file));
  return ServerLicenceFromPayload(opened.payload_json, file);
}

}  // namespace frlic
