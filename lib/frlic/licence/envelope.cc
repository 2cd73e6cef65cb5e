#include "frlic/licence/envelope.h"

namespace frlic {
namespace {

struct RawEnvelope {
  std::string payload_type;
  std::string key_id;
  Bytes payload;
  Bytes signature;
};

Result<RawEnvelope> ParseEnvelope(ByteView file_bytes, const std::string& file) {
  auto malformed = [&](const std::string& why) {
    return Error(ErrorCode::kMalformed, file + " is not a frlic signed file: " + why);
  };
  if (file_bytes.empty()) return malformed("it is empty");
  FRLIC_ASSIGN_OR_RETURN(Json json, ParseStrictJson(AsText(file_bytes), file));
  if (json.size() != 3 || !json.contains("payload") || !json.contains("payloadType") ||
      !json.contains("signatures")) {
    return malformed("it must have exactly the fields payload, payloadType and signatures");
  }
  const Json& payload = json["payload"];
  const Json& type = json["payloadType"];
  const Json& signatures = json["signatures"];
  if (!payload.is_string() || !type.is_string() || !signatures.is_array()) {
    return malformed("payload and payloadType must be strings, signatures an array");
  }
  if (signatures.size() != 1) {
    return malformed("it must carry exactly one signature, found " +
                     std::to_string(signatures.size()));
  }
  const Json& sig = signatures[0];
  if (!sig.is_object() || sig.size() != 2 || !sig.contains("keyid") || !sig.contains("sig") ||
      !sig["keyid"].is_string() || !sig["sig"].is_string()) {
    return malformed("the signature must be an object with exactly the strings keyid and sig");
  }
  RawEnvelope raw;
  raw.payload_type = type.get<std::string>();
  raw.key_id = sig["keyid"].get<std::string>();
  auto payload_bytes = Base64Decode(payload.get<std::string>());
  if (!payload_bytes) return malformed("payload is not canonical base64");
  auto signature_bytes = Base64Decode(sig["sig"].get<std::string>());
  if (!signature_bytes || signature_bytes->size() != kEd25519SignatureSize) {
    return malformed("sig is not 64 bytes of canonical base64");
  }
  if (!IsWellFormedKeyId(raw.key_id)) {
    return malformed("keyid \"" + raw.key_id + "\" is not 16 lower-case hex characters");
  }
  raw.payload = std::move(*payload_bytes);
  raw.signature = std::move(*signature_bytes);
  // One serialisation only: any other byte sequence (spacing, order, escapes) is refused, so
  // every byte of the file is covered by either the signature or this check.
  if (SignEnvelope(raw.payload_type, raw.payload, raw.key_id, raw.signature) !=
      AsText(file_bytes)) {
    return malformed("it is not in the canonical form (spacing, field order or line ending)");
  }
  return raw;
}

}  // namespace

Bytes PreAuthEncoding(std::string_view payload_type, ByteView payload) {
  std::string header = "DSSEv1 " + std::to_string(payload_type.size()) + " ";
  header.append(payload_type);
  header += " " + std::to_string(payload.size()) + " ";
  Bytes out(header.begin(), header.end());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

std::string SignEnvelope(std::string_view payload_type, ByteView payload, const std::string& key_id,
                         ByteView signature) {
  // nlohmann's ordered_json keeps insertion order; the order here is the canonical one.
  nlohmann::ordered_json envelope;
  envelope["payload"] = Base64Encode(payload);
  envelope["payloadType"] = std::string(payload_type);
  envelope["signatures"] = nlohmann::ordered_json::array(
      {nlohmann::ordered_json{{"keyid", key_id}, {"sig", Base64Encode(signature)}}});
  return envelope.dump() + "\n";
}

Result<std::string> MakeEnvelope(std::string_view payload_type, ByteView payload,
                                 const Signer& signer) {
  FRLIC_ASSIGN_OR_RETURN(Bytes signature, signer.Sign(PreAuthEncoding(payload_type, payload)));
  return SignEnvelope(payload_type, payload, signer.key_id, signature);
}

Result<std::string> MakeVerifiedEnvelope(std::string_view payload_type, ByteView payload,
                                         const Signer& signer,
                                         const std::function<Status(ByteView envelope)>& open) {
  FRLIC_ASSIGN_OR_RETURN(Bytes signature,
                         signer.SignUnchecked(PreAuthEncoding(payload_type, payload)));
  std::string envelope = SignEnvelope(payload_type, payload, signer.key_id, signature);
  FRLIC_RETURN_IF_ERROR(open(AsBytes(envelope)));
  return envelope;
}

namespace {

Result<OpenedEnvelope> VerifyAndParse(RawEnvelope raw, const Ed25519PublicKey& key,
                                      const std::string& file) {
  if (!VerifyEd25519(key, PreAuthEncoding(raw.payload_type, raw.payload), raw.signature)) {
    return Error(ErrorCode::kBadSignature,
                 file + ": the signature by key " + raw.key_id + " does not verify",
                 "the file was modified or damaged after signing; ask for the original");
  }
  FRLIC_ASSIGN_OR_RETURN(Json payload_json,
                         ParseStrictJson(AsText(raw.payload), file + " payload"));
  auto inner_key = payload_json.find("key_id");
  if (inner_key == payload_json.end() || !inner_key->is_string() ||
      inner_key->get<std::string>() != raw.key_id) {
    return Error(ErrorCode::kMalformed,
                 file + ": the signed payload's key_id does not name the key that signed it");
  }
  return OpenedEnvelope{raw.payload_type, raw.key_id, std::move(raw.payload),
                        std::move(payload_json)};
}

Status CheckType(const RawEnvelope& raw, std::string_view expected_type, const std::string& file) {
  if (raw.payload_type != expected_type) {
    return Error(ErrorCode::kMalformed, file + " is a \"" + raw.payload_type +
                                            "\" file, not the expected \"" +
                                            std::string(expected_type) + "\"");
  }
  return Ok();
}

}  // namespace

Result<OpenedEnvelope> OpenEnvelope(ByteView file_bytes, std::string_view expected_type,
                                    const Keyring& keys, const std::string& file) {
  FRLIC_ASSIGN_OR_RETURN(RawEnvelope raw, ParseEnvelope(file_bytes, file));
  FRLIC_RETURN_IF_ERROR(CheckType(raw, expected_type, file));
  auto key = keys.SigningPublicKey(raw.key_id);
  if (!key) {
    return Error(ErrorCode::kUnknownKey,
                 file + " is signed by key " + raw.key_id + ", which is not in the keyring " +
                     keys.directory(),
                 "use --keys to name the keyring that issued it");
  }
  return VerifyAndParse(std::move(raw), *key, file);
}

Result<OpenedEnvelope> OpenEnvelopeWithKey(ByteView file_bytes, std::string_view expected_type,
                                           const Ed25519PublicKey& key, const std::string& file) {
  FRLIC_ASSIGN_OR_RETURN(RawEnvelope raw, ParseEnvelope(file_bytes, file));
  FRLIC_RETURN_IF_ERROR(CheckType(raw, expected_type, file));
  const std::string expected_id = DeriveKeyId(KeyAlgorithm::kEd25519, ByteView(key.bytes()));
  if (raw.key_id != expected_id) {
    return Error(ErrorCode::kUnknownKey, file + " is signed by key " + raw.key_id +
                                             ", not by the expected key " + expected_id);
  }
  return VerifyAndParse(std::move(raw), key, file);
}

Result<OpenedEnvelope> ReadEnvelopeUnverified(ByteView file_bytes, const std::string& file) {
  FRLIC_ASSIGN_OR_RETURN(RawEnvelope raw, ParseEnvelope(file_bytes, file));
  FRLIC_ASSIGN_OR_RETURN(Json payload_json,
                         ParseStrictJson(AsText(raw.payload), file + " payload"));
  return OpenedEnvelope{raw.payload_type, raw.key_id, std::move(raw.payload),
                        std::move(payload_json)};
}

Result<std::string> PeekPayloadType(ByteView file_bytes, const std::string& file) {
  FRLIC_ASSIGN_OR_RETURN(RawEnvelope raw, ParseEnvelope(file_bytes, file));
  return raw.payload_type;
}

}  // namespace frlic
