// Checking an image archive against its manifest: the config's digest and rootfs, and every
// layer's size, digest and diff_id, as the one scan of the archive measured them.
#include "internal/archive_json.h"
#include "internal/manifest_view.h"

namespace frlic::image_internal {

// The config (digest, rootfs) and every layer (digest, size, diff_id) of `view`.
Result<ImageArchive> CheckImage(const TarEntries& entries, const ManifestView& view,
                                ImageArchiveForm form) {
  const std::string& path = entries.path();
  ImageArchive image;
  image.path = path;
  image.form = form;
  image.repo_tags = view.repo_tags;

  const TarEntry* config_entry = entries.Find(view.config_name);
  if (view.config_hex && *view.config_hex != config_entry->sha256) {
    return Error(ErrorCode::kMalformed,
                 path + ": config " + view.config_name + " has " + Digest(config_entry->sha256) +
                     " but " + view.config_hex_by + " says " + Digest(*view.config_hex));
  }
  image.config_bytes = *config_entry->json;
  image.config_digest = Digest(config_entry->sha256);
  const std::string config_what = path + ": config " + view.config_name;
  FRLIC_ASSIGN_OR_RETURN(image.config, ParseStrictJson(image.config_bytes, config_what));
  auto rootfs = image.config.find("rootfs");
  if (rootfs == image.config.end() || !rootfs->is_object()) {
    return Error(ErrorCode::kMalformed, config_what + " has no rootfs object");
  }
  if (rootfs->value("type", Json()) != "layers") {
    return Error(ErrorCode::kMalformed, config_what + ": rootfs.type is " +
                                            Shown(rootfs->value("type", Json())) +
                                            "; expected \"layers\"");
  }
  auto diff_ids = rootfs->find("diff_ids");
  if (diff_ids == rootfs->end() || !diff_ids->is_array()) {
    return Error(ErrorCode::kMalformed, config_what + " has no rootfs.diff_ids array");
  }
  std::vector<std::string> expected;
  for (std::size_t i = 0; i < diff_ids->size(); ++i) {
    const Json& value = (*diff_ids)[i];
    auto hex = value.is_string() ? DigestHex(value.get<std::string>()) : std::nullopt;
    if (!hex) {
      return Error(ErrorCode::kMalformed, config_what + ": rootfs.diff_ids[" + std::to_string(i) +
                                              "] is " + Shown(value) +
                                              "; expected a sha256 digest");
    }
    expected.push_back(*hex);
  }
  if (expected.size() != view.layers.size()) {
    return Error(ErrorCode::kMalformed,
                 path + ": the config's rootfs.diff_ids lists " + std::to_string(expected.size()) +
                     " layers but " + view.source + " lists " + std::to_string(view.layers.size()));
  }

  for (std::size_t i = 0; i < view.layers.size(); ++i) {
    const ManifestView::Layer& named = view.layers[i];
    const TarEntry* entry = entries.Find(named.entry);
    const std::string what = path + ": layer " + std::to_string(i) + " (" + named.entry + ")";
    if (named.size && *named.size != entry->size) {
      return Error(ErrorCode::kMalformed, what + " is " + std::to_string(entry->size) +
                                              " bytes but " + named.hex_by + " says " +
                                              std::to_string(*named.size));
    }
    if (named.gzip && *named.gzip != entry->gzip) {
      return Error(ErrorCode::kMalformed,
                   what +
                       (entry->gzip ? " is gzip-compressed but " : " is not gzip-compressed but ") +
                       named.hex_by + " gives it a media type that says otherwise");
    }
    ImageLayer layer;
    layer.entry = named.entry;
    layer.gzip = entry->gzip;
    layer.stored_size = entry->size;
    if (entry->hashed) {
      layer.digest = Digest(entry->sha256);
      layer.diff_id = Digest(entry->gzip ? entry->uncompressed_sha256 : entry->sha256);
      layer.size = entry->gzip ? entry->uncompressed_size : entry->size;
      if (named.hex && *named.hex != entry->sha256) {
        return Error(ErrorCode::kMalformed, what + " has " + layer.digest + " but " + named.hex_by +
                                                " says " + Digest(*named.hex));
      }
      if (layer.diff_id != Digest(expected[i])) {
        return Error(ErrorCode::kMalformed,
                     what + (entry->gzip ? " decompresses to " : " has ") + layer.diff_id +
                         " but the config's rootfs.diff_ids[" + std::to_string(i) + "] says " +
                         Digest(expected[i]));
      }
    } else {
      // Not hashed (ReadImageOptions::verify_layers false): an uncompressed layer, whose
      // digest is its diff_id; the two declarations must at least agree.
      if (named.hex && *named.hex != expected[i]) {
        return Error(ErrorCode::kMalformed,
                     what + " is stored uncompressed, but " + named.hex_by + " gives it " +
                         Digest(*named.hex) + " and the config's rootfs.diff_ids[" +
                         std::to_string(i) + "] says " + Digest(expected[i]));
      }
      layer.digest = Digest(expected[i]);
      layer.diff_id = layer.digest;
      layer.size = entry->size;
    }
    image.layers.push_back(std::move(layer));
  }
  return image;
}

}  // namespace frlic::image_internal
