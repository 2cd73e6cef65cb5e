// Building fanruan_license_server.tar for a container-private-cloud order (or a migration):
// read and verify the base image, make the instance key, sign the component licence, write
// the image and re-read it before it is recorded.
#pragma once

#include <string>

#include "frlic/artifact/image/image_archive.h"
#include "frlic/core/status.h"
#include "frlic/issue/issue.h"
#include "stage_artifact.h"

namespace frlic {

// The base image the request names, else the templates' stand-in.
std::string BaseImagePathFor(const IssueRequest& request);

// Reads the base image and verifies its manifests, config and sizes (its layers' digests are
// verified by BuildComponentImage, as they are copied). A base beside a STAND-IN file is the
// demo's stand-in, refused unless `allow_stand_in` (the example keys are in use).
Result<ImageArchive> OpenBaseImage(const std::string& path, bool allow_stand_in);

// Signs the component licence for `spec`, writes base + one layer beside spec.path (staged,
// not yet renamed) and verifies what was written before returning it. Its extra_json is
// {"licence_sha256","manifest_digest","base_config_digest","port","tag"}.
Result<BuiltArtifact> BuildComponentImage(const ArtifactSpec& spec, const ImageArchive& base,
                                          const Issuer& issuer);

}  // namespace frlic
