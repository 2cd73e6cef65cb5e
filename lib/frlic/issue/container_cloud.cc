#include <filesystem>

#include "frlic/artifact/image/image_writer.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/keys/pem.h"
#include "frlic/licence/component_licence.h"
#include "internal/container_cloud.h"
#include "internal/stand_in.h"

namespace frlic {
namespace {

constexpr std::uint64_t kMaxConfigFile = 1 << 20;

// The image the component runs from: the base plus one layer holding the licence and the
// instance key. Holds a copy of the key: wipe it (WipeInstanceKeyCopy) once written.
Result<NewImage> ComponentImage(const ComponentLicence& licence, const std::string& envelope,
                                const Ed25519PrivateKey& instance) {
  FRLIC_ASSIGN_OR_RETURN(SecretBytes key_pem, Ed25519SeedToPem(instance.seed()));
  const Terms& terms = licence.terms;
  NewImage image;
  image.repository = kComponentRepository;
  image.tag = licence.serial;
  image.layer.push_back(LayerFile{kComponentLicencePath, ToBytes(envelope), 0644});
  const auto pem = key_pem.reveal();
  image.layer.push_back(LayerFile{kComponentInstanceKeyPath, Bytes(pem.begin(), pem.end()), 0600});
  image.labels = {{kSerialLabel, licence.serial},
                  {kCompanyLabel, terms.company},
                  {kProductLabel, terms.product.name + " " + terms.product.version},
                  {kExpiresLabel, FormatDate(terms.expires)}};
  image.port = *terms.port;
  image.created_by = "frlic issue: licence " + licence.serial + " for order " + licence.order_id;
  image.created = licence.issued_at;
  return image;
}

void WipeInstanceKeyCopy(NewImage& image) {
  Bytes& copy = image.layer[1].content;
  WipeMemory(copy.data(), copy.size());
}

}  // namespace

std::string BaseImagePathFor(const IssueRequest& request) {
  if (!request.base_image.empty()) return request.base_image;
  const std::string templates =
      request.templates_dir.empty() ? DefaultTemplatesDirectory() : request.templates_dir;
  return templates + "/container/base-image.tar";
}

Result<ImageArchive> OpenBaseImage(const std::string& path, bool allow_stand_in) {
  if (HoldsStandIns(std::filesystem::path(path).parent_path()) && !allow_stand_in) {
    return Error(ErrorCode::kRefused, path + " is a stand-in base image, not the vendor's",
                 "name the licence-server component image with --base-image");
  }
  // Layers are hashed once, while WriteImage copies them (a mismatch fails the issue before
  // anything is recorded); everything else is verified here, before the passphrase is asked.
  return ReadImageArchive(path, {.verify_layers = false});
}

Result<BuiltArtifact> BuildComponentImage(const ArtifactSpec& spec, const ImageArchive& base,
                                          const Issuer& issuer) {
  // A fresh instance key per image: its public half is signed into the licence; the private
  // half ships inside the image and signs the component's privateConfig.
  auto instance = Ed25519PrivateKey::Generate(issuer.random);
  ComponentLicence licence;
  licence.serial = spec.serial;
  licence.key_id = issuer.signer.key_id;
  licence.issued_at = issuer.clock.Now();
  licence.order_id = spec.order_id;
  licence.terms = spec.terms;
  licence.terms.port = ComponentPort(spec.terms);
  licence.instance_public_key = instance.public_key().bytes();

  WrittenImage written;
  ArtifactToStage artifact{
      .path = spec.path,
      .overwrite = spec.overwrite,
      .durability = spec.durability,
      .serial = spec.serial,
      .licence_name = "component licence",
      .envelope_type = kComponentLicenceType,
      .payload = ComponentLicencePayload(licence),
      .open_licence = [&](ByteView envelope) -> Status {
        FRLIC_RETURN_IF_ERROR(OpenComponentLicence(envelope, issuer.keyring, spec.path));
        return Ok();
      },
      .write = [&](const std::string& envelope, const std::string& temp) -> Result<std::string> {
        FRLIC_ASSIGN_OR_RETURN(NewImage image, ComponentImage(licence, envelope, instance));
        auto result = WriteImage(base, image, temp, spec.on_image_progress);
        WipeInstanceKeyCopy(image);
        if (!result.ok()) return std::move(result).error();
        written = std::move(result).value();
        return written.sha256;  // the base layers were hashed while they were copied
      },
      // Re-open what was written, as docker load and the component will; the base layers'
      // digests were checked while they were copied, the rest is checked here.
      .read_back = [&](const std::string& envelope, const std::string& temp) -> Status {
        FRLIC_ASSIGN_OR_RETURN(ImageArchive reread,
                               ReadImageArchive(temp, {.verify_layers = false}));
        FRLIC_ASSIGN_OR_RETURN(auto files,
                               ReadLayerFiles(reread, reread.layers.size() - 1, kMaxConfigFile));
        bool licence_found = false;
        for (auto& [name, bytes] : files) {
          if (name == kComponentLicencePath) licence_found = AsText(bytes) == envelope;
          WipeMemory(bytes.data(), bytes.size());
        }
        if (!licence_found || reread.layers.size() != base.layers.size() + 1 ||
            reread.config_digest != written.config_digest) {
          return Error(ErrorCode::kInternal,
                       "the image written to " + temp + " does not read back as written");
        }
        return Ok();
      },
  };
  FRLIC_ASSIGN_OR_RETURN(StagedArtifact staged, SignVerifyStage(artifact, issuer.signer));
  const Json extra = {{"licence_sha256", Sha256Hex(AsBytes(staged.envelope))},
                      {"manifest_digest", written.manifest_digest},
                      {"base_config_digest", base.config_digest},
                      {"port", *licence.terms.port},
                      {"tag", std::string(kComponentRepository) + ":" + spec.serial}};
  return BuiltArtifact{std::move(staged.staged), std::move(staged.sha256),
                       HexEncode(ByteView(licence.instance_public_key)), "", extra.dump()};
}

}  // namespace frlic
