#include "frlic/artifact/opened_component.h"

#include "frlic/artifact/component_image.h"
#include "frlic/keys/pem.h"

namespace frlic {

Result<OpenedComponent> OpenComponentImage(const std::string& image_path, const Keyring& issuer) {
  FRLIC_ASSIGN_OR_RETURN(ComponentFiles files, ReadComponentFiles(image_path));
  const ImageArchive& image = files.image;
  const Bytes* envelope = &files.licence_envelope;
  const std::string where = image_path + ": " + kComponentLicencePath;
  FRLIC_ASSIGN_OR_RETURN(ComponentLicence licence, OpenComponentLicence(*envelope, issuer, where));
  auto seed = Ed25519SeedFromPem(files.instance_key);
  if (!seed.ok())
    return std::move(seed).error().Context(image_path + ": " + kComponentInstanceKeyPath);
  auto claimed = Ed25519PublicKey::FromBytes(ByteView(licence.instance_public_key));
  if (!claimed.ok()) return std::move(claimed).error().Context(where);
  auto instance = Ed25519PrivateKey::FromSeed(*seed, &claimed.value());
  if (!instance.ok()) {
    return Error(ErrorCode::kRefused, image_path + ": " + kComponentInstanceKeyPath +
                                          " is not the instance key the licence names");
  }
  const Json& labels = image.config.contains("config") && image.config["config"].is_object() &&
                               image.config["config"].contains("Labels") &&
                               image.config["config"]["Labels"].is_object()
                           ? image.config["config"]["Labels"]
                           : Json::object();
  const std::string labelled = labels.value(kSerialLabel, "");
  if (labelled != licence.serial) {
    return Error(ErrorCode::kRefused, image_path + ": the image's label " + kSerialLabel +
                                          " is \"" + labelled + "\", but its licence is " +
                                          licence.serial);
  }
  return OpenedComponent{std::move(licence), Sha256Hex(*envelope), std::move(instance).value()};
}

}  // namespace frlic
