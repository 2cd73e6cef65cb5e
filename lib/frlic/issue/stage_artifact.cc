#include "internal/stage_artifact.h"

#include "frlic/licence/envelope.h"

namespace frlic {

Result<StagedArtifact> SignVerifyStage(const ArtifactToStage& artifact, const Signer& signer) {
  // Verify what will ship exactly as the customer's side would, before anything is written.
  FRLIC_ASSIGN_OR_RETURN(
      std::string envelope,
      MakeVerifiedEnvelope(artifact.envelope_type, AsBytes(artifact.payload), signer,
                           [&](ByteView signed_envelope) -> Status {
                             Status opened = artifact.open_licence(signed_envelope);
                             if (opened.ok()) return Ok();
                             return Error(
                                 ErrorCode::kInternal,
                                 "the " + std::string(artifact.licence_name) +
                                     " did not verify after signing: " + opened.error().message());
                           }));
  const WriteOptions options{0644, artifact.overwrite, artifact.durability};
  // A library's writer gets a private directory of its own (ArtifactStageDirectoryPath).
  const std::string stage_path = artifact.write
                                     ? ArtifactStageDirectoryPath(artifact.path, artifact.serial)
                                     : ArtifactStagePath(artifact.path, artifact.serial);
  if (!artifact.write) {
    FRLIC_ASSIGN_OR_RETURN(StagedFile staged, StagedFile::Stage(artifact.path, AsBytes(envelope),
                                                                options, stage_path));
    std::string sha256 = Sha256Hex(AsBytes(envelope));
    return StagedArtifact{std::move(staged), std::move(envelope), std::move(sha256)};
  }
  std::string sha256;
  FRLIC_ASSIGN_OR_RETURN(StagedFile staged, StagedFile::StageWith(
                                                artifact.path, options,
                                                [&](const std::string& temp) -> Status {
                                                  FRLIC_ASSIGN_OR_RETURN(
                                                      sha256, artifact.write(envelope, temp));
                                                  return Ok();
                                                },
                                                stage_path));
  // Re-open what was written, as the customer's side will, before it is recorded.
  if (artifact.read_back) FRLIC_RETURN_IF_ERROR(artifact.read_back(envelope, staged.temp_path()));
  return StagedArtifact{std::move(staged), std::move(envelope), std::move(sha256)};
}

}  // namespace frlic
