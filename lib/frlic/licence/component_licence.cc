#include "frlic/licence/component_licence.h"

#include <algorithm>

#include "frlic/core/time.h"
#include "frlic/licence/envelope.h"
#include "frlic/licence/payload_fields.h"

namespace frlic {

std::uint16_t ComponentPort(const Terms& terms) {
  return terms.port.value_or(kDefaultComponentPort);
}

std::string ComponentLicencePayload(const ComponentLicence& licence) {
  Json payload = {
      {"format", kComponentLicenceFormat},
      {"version", 1},
      {"serial", licence.serial},
      {"key_id", licence.key_id},
      {"issued_at", FormatInstant(licence.issued_at)},
      {"order_id", licence.order_id},
      {"terms", TermsToJson(licence.terms)},
      {"instance_public_key", Base64Encode(ByteView(licence.instance_public_key))},
  };
  return payload.dump();  // nlohmann's object is a std::map: keys come out sorted
}

Result<ComponentLicence> ComponentLicenceFromPayload(const Json& payload, const std::string& file) {
  namespace pf = payload_fields;
  JsonFields fields(payload, file);
  fields.RejectUnknown({"format", "version", "serial", "key_id", "issued_at", "order_id", "terms",
                        "instance_public_key"});
  pf::FormatAndVersion(fields, kComponentLicenceFormat, "a component licence");
  ComponentLicence licence;
  licence.serial = pf::Serial(fields, "serial").value_or("");
  licence.key_id = pf::KeyId(fields, "key_id").value_or("");
  licence.issued_at = pf::Instant(fields, "issued_at").value_or(0);
  const std::size_t before = fields.problems().size();
  licence.order_id = fields.String("order_id");
  if (fields.problems().size() == before && licence.order_id.empty()) {
    fields.Add("order_id", "is empty", {}, "the order's id");
  }
  if (auto key = pf::FixedBase64(fields, "instance_public_key", kEd25519PublicKeySize)) {
    std::copy(key->begin(), key->end(), licence.instance_public_key.begin());
  }
  std::vector<Problem> problems = std::move(fields.problems());
  ReadPayloadTerms(payload, Method::kContainerPrivateCloud, file, &licence.terms, &problems);
  const bool has_port = payload.contains("terms") && payload["terms"].is_object() &&
                        payload["terms"].contains("port");
  if (!has_port) {
    problems.push_back(Problem{file,
                               0,
                               0,
                               "terms.port",
                               "is missing",
                               {},
                               "the port the component listens on, 1 to 65535"});
  }
  if (!problems.empty()) {
    return Error(ErrorCode::kMalformed, file + ": the component licence payload is not valid",
                 std::move(problems));
  }
  return licence;
}

Result<ComponentLicence> OpenComponentLicence(ByteView envelope, const Keyring& keys,
                                              const std::string& file) {
  FRLIC_ASSIGN_OR_RETURN(OpenedEnvelope opened,
                         OpenEnvelope(envelope, kComponentLicenceType, keys, file));
  return ComponentLicenceFromPayload(opened.payload_json, file);
}

}  // namespace frlic
