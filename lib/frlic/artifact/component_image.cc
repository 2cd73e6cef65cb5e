#include "frlic/artifact/component_image.h"

#include <optional>

#include "frlic/licence/component_licence.h"

namespace frlic {
namespace {

constexpr std::uint64_t kMaxConfigFile = 1 << 20;

}  // namespace

Result<ComponentFiles> ReadComponentFiles(const std::string& image_path) {
  FRLIC_ASSIGN_OR_RETURN(ImageArchive image, ReadImageArchive(image_path));
  if (image.layers.empty()) {
    return Error(ErrorCode::kMalformed, image_path + " has no layers");
  }
  FRLIC_ASSIGN_OR_RETURN(auto files,
                         ReadLayerFiles(image, image.layers.size() - 1, kMaxConfigFile));
  std::optional<Bytes> envelope;
  std::optional<SecretBytes> key_pem;
  for (auto& [name, bytes] : files) {
    if (name == kComponentLicencePath) envelope = bytes;
    if (name == kComponentInstanceKeyPath) key_pem = SecretBytes::CopyFrom(bytes);
    WipeMemory(bytes.data(), bytes.size());
  }
  if (!envelope || !key_pem) {
    return Error(ErrorCode::kMalformed,
                 image_path + ": the image's top layer has no " +
                     (!envelope ? kComponentLicencePath : kComponentInstanceKeyPath),
                 "this is not a fanruan_license_server.tar that frlic issued");
  }
  return ComponentFiles{std::move(image), std::move(*envelope), std::move(*key_pem)};
}

}  // namespace frlic
