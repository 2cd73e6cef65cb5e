// Reading back the files frlic added to a fanruan_license_server.tar (docs/formats.md section 9):
// used by frlic inspect and by the reference component's start checks.
#pragma once

#include <string>

#include "frlic/artifact/image/image_archive.h"
#include "frlic/core/bytes.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"

namespace frlic {

// What frlic added to a component image, read from its top layer (every digest of the image
// verified first): kMalformed naming the missing file when it is not a frlic-issued image.
struct ComponentFiles {
  ImageArchive image;
  Bytes licence_envelope;    // app/config/license.json
  SecretBytes instance_key;  // app/config/instance.key (PEM)
};
Result<ComponentFiles> ReadComponentFiles(const std::string& image_path);

}  // namespace frlic
