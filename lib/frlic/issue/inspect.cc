#include "frlic/issue/inspect.h"

#include <fstream>

#include "frlic/artifact/component_image.h"
#include "frlic/artifact/server_package.h"
#include "frlic/core/files.h"
#include "frlic/licence/component_licence.h"
#include "frlic/licence/container_licence.h"
#include "frlic/licence/envelope.h"
#include "frlic/licence/private_config.h"
#include "frlic/licence/receipt.h"
#include "frlic/licence/server_licence.h"
#include "frlic/machine/machine_info.h"

namespace frlic {

namespace {

constexpr std::string_view kInspectRifMagic = "frlic-rif-v1\n";

// A receipt.fr or privateConfig: the fields as the file claims them, checked for shape
// (Peek*), not for their signature (the instance key to pin is in the ledger).
Result<InspectResult> InspectCustomerEvidence(InspectResult result, ByteView bytes) {
  const std::string& path = result.file;
  auto envelope = ReadEnvelopeUnverified(bytes, path);
  if (!envelope.ok()) {
    result.problem = std::move(envelope).error();
    return result;
  }
  const bool receipt = result.payload_type == kReceiptType;
  if (receipt) {
    if (auto fields = PeekReceipt(bytes, path); !fields.ok()) {
      result.problem = std::move(fields).error();
      return result;
    }
  } else if (auto fields = PeekPrivateConfig(bytes, path); !fields.ok()) {
    result.problem = std::move(fields).error();
    return result;
  }
  result.key_id = envelope->key_id;
  result.payload = envelope->payload_json;
  result.not_checked =
      std::string("signed by the customer's instance key, which the ledger holds: ") +
      (receipt ? "frlic verify-receipt" : "frlic verify-private-config") + " checks it";
  return result;
}

// A MachineInfo.rif: which RIF key it is sealed to, and whether this keyring holds it. Its
// facts open only with the passphrase (frlic issue --rif reads them).
Result<InspectResult> InspectRif(InspectResult result, ByteView bytes, const Keyring& keys) {
  auto key_id = RifKeyIdOf(bytes, result.file);
  if (!key_id.ok()) {
    result.problem = std::move(key_id).error();
    return result;
  }
  bool held = false;
  for (const auto& entry : keys.keys()) held = held || entry.key_id == *key_id;
  result.payload_type = kRifInspectType;
  result.key_id = *key_id;
  result.payload =
      Json{{"rif_key_id", *key_id},
           {"rif_key_in_keyring", held},
           {"sealed_bytes", bytes.size() - kInspectRifMagic.size() - key_id->size() - 1}};
  result.not_checked =
      "sealed to the RIF key; the machine facts open only with the keyring's passphrase "
      "(frlic issue --rif reads them)";
  return result;
}

}  // namespace

Result<InspectResult> InspectArtifact(const std::string& path, const Keyring& keys) {
  InspectResult result;
  result.file = path;
  char magic[2] = {0, 0};
  std::ifstream(path, std::ios::binary).read(magic, 2);
  if (magic[0] == 'f' && magic[1] == 'r') {
    FRLIC_ASSIGN_OR_RETURN(Bytes bytes, ReadFile(path));
    if (AsText(bytes).starts_with(kInspectRifMagic))
      return InspectRif(std::move(result), bytes, keys);
  }
  if (magic[0] == 'P' && magic[1] == 'K') {
    // A licence-server package: read in place (nothing is extracted), verify its licence.
    auto contents = ReadServerPackage(path);
    if (!contents.ok()) {
      result.problem = std::move(contents).error();
      return result;
    }
    auto licence = OpenServerLicence(AsBytes(contents->licence_envelope), keys,
                                     path + ": config/license.json");
    if (licence.ok()) {
      if (auto platform = CheckPackagePlatform(*contents, licence->platform, path);
          !platform.ok()) {
        result.problem = std::move(platform).error();
        return result;
      }
    }
    if (!licence.ok()) {
      result.problem = std::move(licence).error();
      return result;
    }
    auto opened = OpenEnvelope(AsBytes(contents->licence_envelope), kServerLicenceType, keys, path);
    result.payload_type = kServerLicenceType;
    result.key_id = opened->key_id;
    result.payload = opened->payload_json;
    result.verified = true;
    return result;
  }
  if (magic[0] != '{' && PathExists(path)) {
    // Not an envelope: a container image (fanruan_license_server.tar), read in place with
    // every digest verified, its licence verified.
    auto files = ReadComponentFiles(path);
    if (!files.ok()) {
      result.problem = std::move(files).error();
      return result;
    }
    const std::string where = path + ": " + kComponentLicencePath;
    auto opened = OpenEnvelope(files->licence_envelope, kComponentLicenceType, keys, where);
    if (!opened.ok()) {
      result.problem = std::move(opened).error();
      return result;
    }
    if (auto licence = ComponentLicenceFromPayload(opened->payload_json, where); !licence.ok()) {
      result.problem = std::move(licence).error();
      return result;
    }
    result.payload_type = kComponentLicenceType;
    result.key_id = opened->key_id;
    result.payload = opened->payload_json;
    result.verified = true;
    return result;
  }
  FRLIC_ASSIGN_OR_RETURN(Bytes bytes, ReadFile(path));
  auto type = PeekPayloadType(bytes, path);
  if (!type.ok()) {
    result.problem = std::move(type).error();
    return result;
  }
  result.payload_type = *type;
  if (result.payload_type == kReceiptType || result.payload_type == kPrivateConfigType) {
    return InspectCustomerEvidence(std::move(result), bytes);
  }
  if (result.payload_type == kServerLicenceType || result.payload_type == kComponentLicenceType) {
    result.problem =
        Error(ErrorCode::kMalformed, path + " is a \"" + result.payload_type +
                                         "\" file; inspect the package or image it came in");
    return result;
  }
  if (result.payload_type != kContainerLicenceType) {
    result.problem = Error(ErrorCode::kMalformed,
                           path + " has the unknown artifact type \"" + result.payload_type + "\"");
    return result;
  }
  auto opened = OpenEnvelope(bytes, result.payload_type, keys, path);
  if (!opened.ok()) {
    result.problem = std::move(opened).error();
    return result;
  }
  result.key_id = opened->key_id;
  result.payload = opened->payload_json;
  auto licence = ContainerLicenceFromPayload(opened->payload_json, path);
  if (!licence.ok()) {
    result.problem = std::move(licence).error();
    return result;
  }
  result.verified = true;
  return result;
}

}  // namespace frlic
