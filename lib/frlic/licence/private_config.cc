#include "frlic/licence/private_config.h"

#include <algorithm>

#include "frlic/core/time.h"
#include "frlic/keys/key_id.h"
#include "frlic/licence/envelope.h"
#include "frlic/licence/payload_fields.h"

namespace frlic {
namespace {

bool IsLowerHex(std::string_view text, std::size_t size) {
  return text.size() == size && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace

std::string PrivateConfigPayload(const PrivateConfig& config) {
  Json payload = {
      {"format", kPrivateConfigFormat},
      {"version", 1},
      {"serial", config.serial},
      {"key_id", config.key_id},
      {"instance_id", config.instance_id},
      {"licence_sha256", config.licence_sha256},
      {"instance_public_key", Base64Encode(ByteView(config.instance_public_key))},
      {"deployed_at", FormatInstant(config.deployed_at)},
      {"port", config.port},
  };
  return payload.dump();
}

Result<PrivateConfig> PrivateConfigFromPayload(const Json& payload, const std::string& file) {
  namespace pf = payload_fields;
  JsonFields fields(payload, file);
  fields.RejectUnknown({"format", "version", "serial", "key_id", "instance_id", "licence_sha256",
                        "instance_public_key", "deployed_at", "port"});
  pf::FormatAndVersion(fields, kPrivateConfigFormat, "a privateConfig");
  PrivateConfig config;
  config.serial = pf::Serial(fields, "serial").value_or("");
  auto key_id = pf::KeyId(fields, "key_id");
  config.key_id = key_id.value_or("");
  std::size_t before = fields.problems().size();
  config.instance_id = fields.String("instance_id");
  if (fields.problems().size() == before && !IsLowerHex(config.instance_id, 2 * kInstanceIdSize)) {
    fields.Add("instance_id", "is not an instance id", config.instance_id,
               "32 lower-case hex characters");
  }
  config.licence_sha256 = pf::Hex64(fields, "licence_sha256").value_or("");
  auto key = pf::FixedBase64(fields, "instance_public_key", kEd25519PublicKeySize);
  if (key) std::copy(key->begin(), key->end(), config.instance_public_key.begin());
  config.deployed_at = pf::Instant(fields, "deployed_at").value_or(0);
  before = fields.problems().size();
  const std::int64_t port = fields.Integer("port");
  if (fields.problems().size() == before) {
    if (port < 1 || port > 65535) {
      fields.Add("port", "is not a port", std::to_string(port), "1 to 65535");
    } else {
      config.port = static_cast<std::uint16_t>(port);
    }
  }
  if (key && key_id) {
    const std::string derived = DeriveKeyId(KeyAlgorithm::kEd25519, *key);
    if (derived != *key_id) {
      fields.Add("key_id", "is not the id of instance_public_key", *key_id, derived);
    }
  }
  if (!fields.problems().empty()) {
    return Error(ErrorCode::kMalformed, file + ": the privateConfig payload is not valid",
                 std::move(fields.problems()));
  }
  return config;
}

Result<std::string> MakePrivateConfig(const PrivateConfig& config,
                                      const Ed25519PrivateKey& instance_key) {
  PrivateConfig signed_config = config;
  signed_config.instance_public_key = instance_key.public_key().bytes();
  signed_config.key_id =
      DeriveKeyId(KeyAlgorithm::kEd25519, ByteView(signed_config.instance_public_key));
  const std::string payload = PrivateConfigPayload(signed_config);
  // Read back what is about to be signed: a privateConfig frlic cannot open is never written.
  FRLIC_ASSIGN_OR_RETURN(Json json, ParseStrictJson(payload, "privateConfig payload"));
  if (auto check = PrivateConfigFromPayload(json, "privateConfig payload"); !check.ok()) {
    return Error(ErrorCode::kInvalidInput, "the privateConfig to sign is not valid",
                 check.error().problems());
  }
  FRLIC_ASSIGN_OR_RETURN(Bytes signature,
                         instance_key.Sign(PreAuthEncoding(kPrivateConfigType, AsBytes(payload))));
  return SignEnvelope(kPrivateConfigType, AsBytes(payload), signed_config.key_id, signature);
}

Result<PrivateConfig> PeekPrivateConfig(ByteView file, const std::string& file_name) {
  FRLIC_ASSIGN_OR_RETURN(OpenedEnvelope opened, ReadEnvelopeUnverified(file, file_name));
  if (opened.payload_type != kPrivateConfigType) {
    return Error(ErrorCode::kMalformed, file_name + " is a \"" + opened.payload_type +
                                            "\" file, not a privateConfig (\"" +
                                            kPrivateConfigType + "\")");
  }
  FRLIC_ASSIGN_OR_RETURN(PrivateConfig config,
                         PrivateConfigFromPayload(opened.payload_json, file_name));
  if (config.key_id != opened.key_id) {
    return Error(ErrorCode::kMalformed,
                 file_name + ": the signed payload's key_id does not name the key that signed it");
  }
  return config;
}

Result<PrivateConfig> OpenPrivateConfig(ByteView file, const Ed25519PublicKey& instance_key,
                                        const std::string& file_name) {
  FRLIC_ASSIGN_OR_RETURN(OpenedEnvelope opened,
                         OpenEnvelopeWithKey(file, kPrivateConfigType, instance_key, file_name));
  FRLIC_ASSIGN_OR_RETURN(PrivateConfig config,
                         PrivateConfigFromPayload(opened.payload_json, file_name));
  if (config.instance_public_key != instance_key.bytes()) {
    return Error(ErrorCode::kMalformed, file_name +
                                            ": the privateConfig's instance_public_key is not the "
                                            "key that signed it");
  }
  return config;
}

}  // namespace frlic
