#include "frlic/issue/inspect.h"

#include "frlic/core/files.h"
#include "frlic/licence/container_licence.h"
#include "frlic/licence/envelope.h"

namespace frlic {

Result<InspectResult> InspectArtifact(const std::string& path, const Keyring& keys) {
  FRLIC_ASSIGN_OR_RETURN(Bytes bytes, ReadFile(path));
  InspectResult result;
  result.file = path;
  auto type = PeekPayloadType(bytes, path);
  if (!type.ok()) {
    result.problem = std::move(type).error();
    return result;
  }
  result.payload_type = *type;
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
