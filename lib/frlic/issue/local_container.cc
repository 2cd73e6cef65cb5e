#include "internal/local_container.h"

#include "frlic/licence/container_licence.h"

namespace frlic {

Result<BuiltArtifact> BuildContainerLicence(const ArtifactSpec& spec, const Issuer& issuer) {
  const ContainerLicence licence{spec.serial, issuer.signer.key_id, issuer.clock.Now(),
                                 spec.order_id, spec.terms};
  ArtifactToStage artifact{
      .path = spec.path,
      .overwrite = spec.overwrite,
      .durability = spec.durability,
      .serial = spec.serial,
      .licence_name = "licence",
      .envelope_type = kContainerLicenceType,
      .payload = ContainerLicencePayload(licence),
      .open_licence = [&](ByteView envelope) -> Status {
        FRLIC_RETURN_IF_ERROR(OpenContainerLicence(envelope, issuer.keyring, spec.path));
        return Ok();
      },
      .write = nullptr,  // the signed envelope is the file
      .read_back = nullptr,
  };
  FRLIC_ASSIGN_OR_RETURN(StagedArtifact staged, SignVerifyStage(artifact, issuer.signer));
  return BuiltArtifact{std::move(staged.staged), std::move(staged.sha256), "", "", "{}"};
}

}  // namespace frlic
