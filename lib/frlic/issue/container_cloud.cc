#include "frlic/issue/container_cloud.h"

#include <filesystem>

#include "frlic/licence/component_licence.h"
#include "frlic/core/time.h"
#include "frlic/artifact/image/image_writer.h"
#include "frlic/keys/pem.h"
#include "frlic/licence/envelope.h"

namespace frlic {
namespace {

// A base image with this file beside it is a stand-in, not the vendor's component image.
constexpr char kStandInMarker[] = "STAND-IN";
constexpr std::uint64_t kMaxConfigFile = 1 << 20;

}  // namespace

Result<ImageArchive> OpenBaseImage(const std::string& path, bool allow_stand_in) {
  const std::filesystem::path marker = std::filesystem::path(path).parent_path() / kStandInMarker;
  if (PathExists(marker.string()) && !allow_stand_in) {
    return Error(ErrorCode::kRefused, path + " is a stand-in base image, not the vendor's",
                 "name the licence-server component image with --base-image");
  }
  // Layers are hashed once, while WriteImage copies them (a mismatch fails the issue before
  // anything is recorded); everything else is verified here, before the passphrase is asked.
  return ReadImageArchive(path, {.verify_layers = false});
}

Result<BuiltImage> BuildComponentImage(const std::string& path, Overwrite overwrite,
                                       const std::string& serial, const std::string& order_id,
                                       const Terms& terms, const ImageArchive& base,
                                       const Keyring& keyring, const Signer& signer,
                                       const Clock& clock, Random& random) {
  // A fresh instance key per image: its public half is signed into the licence; the private
  // half ships inside the image and signs the component's privateConfig.
  auto instance = Ed25519PrivateKey::Generate(random);
  ComponentLicence licence;
  licence.serial = serial;
  licence.key_id = signer.key_id;
  licence.issued_at = clock.Now();
  licence.order_id = order_id;
  licence.terms = terms;
  licence.terms.port = ComponentPort(terms);
  licence.instance_public_key = instance.public_key().bytes();
  const std::string payload = ComponentLicencePayload(licence);
  FRLIC_ASSIGN_OR_RETURN(std::string envelope,
                         MakeEnvelope(kComponentLicenceType, AsBytes(payload), signer));
  if (auto reopened = OpenComponentLicence(AsBytes(envelope), keyring, path); !reopened.ok()) {
    return Error(ErrorCode::kInternal, "the component licence did not verify after signing: " +
                                           reopened.error().message());
  }
  FRLIC_ASSIGN_OR_RETURN(SecretBytes key_pem, Ed25519SeedToPem(instance.seed()));

  NewImage image;
  image.repository = kComponentRepository;
  image.tag = serial;
  image.layer.push_back(LayerFile{kComponentLicencePath, ToBytes(envelope), 0644});
  const auto pem = key_pem.reveal();
  image.layer.push_back(LayerFile{kComponentInstanceKeyPath, Bytes(pem.begin(), pem.end()), 0600});
  image.labels = {{kSerialLabel, serial},
                  {kCompanyLabel, terms.company},
                  {kProductLabel, terms.product.name + " " + terms.product.version},
                  {kExpiresLabel, FormatDate(terms.expires)}};
  image.port = *licence.terms.port;
  image.created_by = "frlic issue: licence " + serial + " for order " + order_id;
  image.created = licence.issued_at;
  auto wipe_key_copy = [&image] {
    Bytes& copy = image.layer[1].content;
    WipeMemory(copy.data(), copy.size());
  };

  WrittenImage written;
  auto staged =
      StagedFile::StageWith(path, {0644, overwrite}, [&](const std::string& temp) -> Status {
        FRLIC_ASSIGN_OR_RETURN(written, WriteImage(base, image, temp));
        return Ok();
      });
  wipe_key_copy();
  if (!staged.ok()) return std::move(staged).error();

  // Re-open what was written, as docker load and the component will, before it is recorded.
  // The base layers were hashed while they were copied; the rest is checked here.
  const std::string temp = staged->temp_path();
  FRLIC_ASSIGN_OR_RETURN(ImageArchive reread, ReadImageArchive(temp, {.verify_layers = false}));
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
  Json extra = {{"licence_sha256", Sha256Hex(AsBytes(envelope))},
                {"manifest_digest", written.manifest_digest},
                {"base_config_digest", base.config_digest},
                {"port", image.port},
                {"tag", std::string(kComponentRepository) + ":" + serial}};
  return BuiltImage{std::move(staged).value(), written.sha256,
                    HexEncode(ByteView(licence.instance_public_key)), extra.dump()};
}

}  // namespace frlic
