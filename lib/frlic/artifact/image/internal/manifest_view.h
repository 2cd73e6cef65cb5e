// Internal to lib/frlic/image: what an image archive's manifest says, whichever form it came
// in (docker's manifest.json, or an OCI layout's index.json -> manifest), and the check of the
// archive's config and layers against it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "frlic/artifact/image/image_archive.h"
#include "frlic/core/status.h"
#include "tar_entries.h"

namespace frlic::image_internal {

// What a manifest says, whichever file it came from. Every entry it names has been resolved
// to a regular file of the archive; digests and sizes are not checked yet (CheckImage).
struct ManifestView {
  std::string source;  // "manifest.json" or "the OCI manifest blobs/sha256/<hex>"
  std::string config_name;
  std::optional<std::string> config_hex;  // declared by a descriptor or the config's name
  std::string config_hex_by;              // "its name" / the source
  std::optional<std::uint64_t> config_size;
  struct Layer {
    std::string named;  // as the manifest names it
    std::string entry;  // resolved
    std::optional<std::string> hex;
    std::string hex_by;
    std::optional<std::uint64_t> size;
    std::optional<bool> gzip;  // from the media type
  };
  std::vector<Layer> layers;
  std::vector<std::string> repo_tags;
};

// docker's manifest.json (docker < 25, podman, skopeo docker-archive; docker 25+ beside an
// OCI layout): exactly one image, its Config and Layers by entry name, its RepoTags.
Result<ManifestView> ReadManifestJson(const TarEntries& entries);

// An OCI layout: oci-layout, index.json -> (one nested index ->) the image manifest, whose
// config and layer descriptors name blobs/sha256/<hex> with their sizes.
Result<ManifestView> ReadOciLayout(const TarEntries& entries);

// The config (digest, rootfs) and every layer (digest, size, diff_id) of `view`, checked
// against what the scan of the archive found; the ImageArchive they describe.
Result<ImageArchive> CheckImage(const TarEntries& entries, const ManifestView& view,
                                ImageArchiveForm form);

}  // namespace frlic::image_internal
