// Building fanruan_license_server.tar for a container-private-cloud order (or a migration):
// read and verify the base image, make the instance key, sign the component licence, write
// the image and re-read it before it is recorded.
#pragma once

#include <string>

#include "frlic/core/clock.h"
#include "frlic/core/files.h"
#include "frlic/core/status.h"
#include "frlic/artifact/image/image_archive.h"
#include "frlic/keys/keyring.h"
#include "frlic/order/order.h"

namespace frlic {

// Reads the base image and verifies its manifests, config and sizes (its layers' digests are
// verified by BuildComponentImage, as they are copied). A base beside a STAND-IN file is the
// demo's stand-in, refused unless `allow_stand_in` (the example keys are in use).
Result<ImageArchive> OpenBaseImage(const std::string& path, bool allow_stand_in);

struct BuiltImage {
  StagedFile staged;  // the tar, written and fsynced at a temporary path
  std::string sha256;
  std::string instance_public_key_hex;
  std::string extra_json;  // {"licence_sha256","manifest_digest","port","tag","base_config_digest"}
};

// Signs the component licence for `terms`, writes base + one layer beside `path` (staged,
// not yet renamed) and verifies what was written before returning it.
Result<BuiltImage> BuildComponentImage(const std::string& path, Overwrite overwrite,
                                       const std::string& serial, const std::string& order_id,
                                       const Terms& terms, const ImageArchive& base,
                                       const Keyring& keyring, const Signer& signer,
                                       const Clock& clock, Random& random);

}  // namespace frlic
