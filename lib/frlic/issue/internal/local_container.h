// Building Container.lic for a local-container order: the signed envelope is the file.
#pragma once

#include "frlic/core/status.h"
#include "stage_artifact.h"

namespace frlic {

// Signs the container licence for `spec`, verifies it and stages it beside spec.path.
Result<BuiltArtifact> BuildContainerLicence(const ArtifactSpec& spec, const Issuer& issuer);

}  // namespace frlic
