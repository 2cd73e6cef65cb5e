// ReadImageArchive: one pass over the tar (TarEntries), then the manifest is followed from
// manifest.json (docker_manifest.cc) or index.json (oci_layout.cc), and every name, size and
// digest it gives is checked against what the pass found (image_check.cc).
#include "frlic/artifact/image/image_archive.h"

#include "internal/manifest_view.h"
#include "internal/tar_entries.h"

namespace frlic {

using image_internal::CheckImage;
using image_internal::ManifestView;
using image_internal::ReadManifestJson;
using image_internal::ReadOciLayout;
using image_internal::TarEntries;

const char* ImageArchiveFormName(ImageArchiveForm form) {
  switch (form) {
    case ImageArchiveForm::kDockerLegacy:
      return "docker-legacy";
    case ImageArchiveForm::kDockerOci:
      return "docker-oci";
    case ImageArchiveForm::kOciArchive:
      return "oci-archive";
  }
  return "unknown";
}

Result<ImageArchive> ReadImageArchive(const std::string& path, const ReadImageOptions& options) {
  FRLIC_ASSIGN_OR_RETURN(TarEntries entries,
                         TarEntries::Scan(path, /*hash_large_entries=*/options.verify_layers));
  const bool has_manifest = entries.Find("manifest.json") != nullptr;
  const bool has_index = entries.Find("index.json") != nullptr;
  if (!has_manifest && !has_index) {
    return Error(ErrorCode::kMalformed,
                 path + " is not an image archive: it has neither manifest.json nor index.json",
                 "pass a file written by docker save, podman save or skopeo copy");
  }
  if (!has_manifest) {
    FRLIC_ASSIGN_OR_RETURN(ManifestView view, ReadOciLayout(entries));
    return CheckImage(entries, view, ImageArchiveForm::kOciArchive);
  }
  FRLIC_ASSIGN_OR_RETURN(ManifestView view, ReadManifestJson(entries));
  if (!has_index) return CheckImage(entries, view, ImageArchiveForm::kDockerLegacy);

  // docker 25+: both views must name the same image, and both are checked.
  FRLIC_ASSIGN_OR_RETURN(ManifestView oci, ReadOciLayout(entries));
  FRLIC_ASSIGN_OR_RETURN(ImageArchive from_index,
                         CheckImage(entries, oci, ImageArchiveForm::kDockerOci));
  FRLIC_ASSIGN_OR_RETURN(ImageArchive image,
                         CheckImage(entries, view, ImageArchiveForm::kDockerOci));
  bool same = image.config_digest == from_index.config_digest &&
              image.layers.size() == from_index.layers.size();
  for (std::size_t i = 0; same && i < image.layers.size(); ++i) {
    same = image.layers[i].entry == from_index.layers[i].entry;
  }
  if (!same) {
    return Error(ErrorCode::kMalformed, path +
                                            ": manifest.json and index.json describe "
                                            "different images (config " +
                                            image.config_digest + " vs " +
                                            from_index.config_digest + ")");
  }
  if (image.repo_tags.empty()) image.repo_tags = from_index.repo_tags;
  return image;
}

}  // namespace frlic
