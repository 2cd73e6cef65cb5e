// ReadImageArchive: one pass over the tar (TarEntries), then the manifest is followed from
// manifest.json or index.json and every name, size and digest it gives is checked against
// what the pass found.
#include "frlic/artifact/image/image_archive.h"

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include "frlic/artifact/image/media_types.h"
#include "frlic/artifact/image/tar_entries.h"

namespace frlic {

using image_internal::TarEntries;
using image_internal::TarEntry;

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

namespace {

std::string Digest(const std::string& hex) { return "sha256:" + hex; }

bool IsLowerHex64(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// "sha256:<64 lower-case hex>" -> the hex.
std::optional<std::string> DigestHex(std::string_view digest) {
  constexpr std::string_view kPrefix = "sha256:";
  if (digest.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view hex = digest.substr(kPrefix.size());
  if (!IsLowerHex64(hex)) return std::nullopt;
  return std::string(hex);
}

// "blobs/sha256/<hex>" (as docker 25 names blobs in manifest.json) -> the hex.
std::optional<std::string> BlobNameHex(std::string_view name) {
  constexpr std::string_view kPrefix = "blobs/sha256/";
  if (name.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view hex = name.substr(kPrefix.size());
  if (!IsLowerHex64(hex)) return std::nullopt;
  return std::string(hex);
}

// "<hex>.json" (docker < 25's config name) -> the hex.
std::optional<std::string> LegacyConfigHex(std::string_view name) {
  constexpr std::string_view kSuffix = ".json";
  if (name.size() != 64 + kSuffix.size() || name.substr(64) != kSuffix) return std::nullopt;
  if (!IsLowerHex64(name.substr(0, 64))) return std::nullopt;
  return std::string(name.substr(0, 64));
}

std::string Shown(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > 120) text = text.substr(0, 120) + "...";
  return text;
}

// The string at `key` of an object, empty if absent or not a string.
std::string StringField(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A descriptor (OCI image spec): what a manifest or index says about a blob.
struct Descriptor {
  std::string media_type;  // empty if absent
  std::string hex;
  std::uint64_t size = 0;
  const Json* json = nullptr;
};

Result<Descriptor> ReadDescriptor(const Json& value, const std::string& where) {
  if (!value.is_object()) {
    return Error(ErrorCode::kMalformed, where + " is not a JSON object: " + Shown(value));
  }
  Descriptor descriptor;
  descriptor.json = &value;
  if (auto it = value.find("mediaType"); it != value.end()) {
    if (!it->is_string()) {
      return Error(ErrorCode::kMalformed, where + ".mediaType is not a string: " + Shown(*it));
    }
    descriptor.media_type = it->get<std::string>();
  }
  auto digest = value.find("digest");
  if (digest == value.end() || !digest->is_string()) {
    return Error(ErrorCode::kMalformed, where + " has no digest string");
  }
  auto hex = DigestHex(digest->get<std::string>());
  if (!hex) {
    return Error(ErrorCode::kMalformed,
                 where + ".digest is " + Shown(*digest) +
                     "; frlic reads sha256 digests (\"sha256:\" and 64 lower-case hex digits)");
  }
  descriptor.hex = *hex;
  auto size = value.find("size");
  if (size == value.end() || !(size->is_number_unsigned() || size->is_number_integer()) ||
      (size->is_number_integer() && size->get<std::int64_t>() < 0)) {
    return Error(ErrorCode::kMalformed, where + " has no size (a non-negative integer)");
  }
  descriptor.size = size->get<std::uint64_t>();
  return descriptor;
}

// The text of a small JSON entry (a manifest, config, index), links followed.
struct JsonEntry {
  std::string name;  // resolved
  const TarEntry* entry = nullptr;
};

Result<JsonEntry> FindJsonEntry(const TarEntries& entries, const std::string& name,
                                const std::string& named_by) {
  FRLIC_ASSIGN_OR_RETURN(std::string resolved, entries.ResolveFile(name, named_by));
  const TarEntry* entry = entries.Find(resolved);
  if (!entry->json) {
    if (entry->size > image_internal::kMaxJsonEntry) {
      return Error(ErrorCode::kMalformed,
                   entries.path() + ": " + resolved + " (named by " + named_by + ") is " +
                       std::to_string(entry->size) +
                       " bytes; frlic reads image manifests and configs of at most 1 MiB");
    }
    return Error(ErrorCode::kMalformed, entries.path() + ": " + resolved + " (named by " +
                                            named_by + ") is not a JSON document");
  }
  return JsonEntry{resolved, entry};
}

// The blob a descriptor names, present with the size and sha256 it gives.
Result<JsonEntry> FindBlob(const TarEntries& entries, const Descriptor& descriptor,
                           const std::string& named_by, bool want_json) {
  const std::string name = "blobs/sha256/" + descriptor.hex;
  FRLIC_ASSIGN_OR_RETURN(std::string resolved, entries.ResolveFile(name, named_by));
  const TarEntry* entry = entries.Find(resolved);
  const std::string& path = entries.path();
  if (entry->size != descriptor.size) {
    return Error(ErrorCode::kMalformed, path + ": " + name + " is " + std::to_string(entry->size) +
                                            " bytes but " + named_by + " says " +
                                            std::to_string(descriptor.size));
  }
  if (entry->hashed && entry->sha256 != descriptor.hex) {
    return Error(ErrorCode::kMalformed, path + ": " + name + " has " + Digest(entry->sha256) +
                                            " but " + named_by + " says " + Digest(descriptor.hex));
  }
  if (want_json) return FindJsonEntry(entries, name, named_by);
  return JsonEntry{resolved, entry};
}

// What a manifest says, whichever file it came from.
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

Result<ManifestView> ReadManifestJson(const TarEntries& entries) {
  const std::string& path = entries.path();
  FRLIC_ASSIGN_OR_RETURN(JsonEntry file, FindJsonEntry(entries, "manifest.json", "the archive"));
  FRLIC_ASSIGN_OR_RETURN(Json manifest,
                         ParseStrictJsonArray(*file.entry->json, path + ": manifest.json"));
  if (manifest.size() != 1) {
    return Error(ErrorCode::kMalformed,
                 path + ": manifest.json holds " + std::to_string(manifest.size()) +
                     " images; frlic takes one",
                 "save one image: docker save IMAGE:TAG -o base.tar");
  }
  const Json& image = manifest[0];
  auto where = path + ": manifest.json[0]";
  if (!image.is_object()) return Error(ErrorCode::kMalformed, where + " is not a JSON object");
  ManifestView view;
  view.source = "manifest.json";
  auto config = image.find("Config");
  if (config == image.end() || !config->is_string()) {
    return Error(ErrorCode::kMalformed, where + " has no Config string");
  }
  const std::string config_named = config->get<std::string>();
  FRLIC_ASSIGN_OR_RETURN(JsonEntry config_entry,
                         FindJsonEntry(entries, config_named, "manifest.json"));
  view.config_name = config_entry.name;
  std::string base_name = config_named.substr(config_named.rfind('/') + 1);
  if (auto hex = BlobNameHex(config_named)) {
    view.config_hex = hex;
  } else if (auto legacy = LegacyConfigHex(base_name)) {
    view.config_hex = legacy;
  }
  view.config_hex_by = "its name";

  auto layers = image.find("Layers");
  if (layers == image.end() || !layers->is_array()) {
    return Error(ErrorCode::kMalformed, where + " has no Layers array");
  }
  for (std::size_t i = 0; i < layers->size(); ++i) {
    const Json& named = (*layers)[i];
    if (!named.is_string()) {
      return Error(ErrorCode::kMalformed,
                   where + ".Layers[" + std::to_string(i) + "] is not a string: " + Shown(named));
    }
    ManifestView::Layer layer;
    layer.named = named.get<std::string>();
    FRLIC_ASSIGN_OR_RETURN(layer.entry, entries.ResolveFile(layer.named, "manifest.json"));
    layer.hex = BlobNameHex(layer.named);
    layer.hex_by = "its name";
    view.layers.push_back(std::move(layer));
  }

  if (auto tags = image.find("RepoTags"); tags != image.end() && !tags->is_null()) {
    if (!tags->is_array()) return Error(ErrorCode::kMalformed, where + ".RepoTags is not an array");
    for (const Json& tag : *tags) {
      if (!tag.is_string()) {
        return Error(ErrorCode::kMalformed, where + ".RepoTags holds " + Shown(tag));
      }
      view.repo_tags.push_back(tag.get<std::string>());
    }
  }
  return view;
}

bool IsIndexType(const std::string& media_type, const Json& document) {
  if (media_type == image_internal::kOciIndex || media_type == image_internal::kDockerList) {
    return true;
  }
  if (!media_type.empty()) return false;
  return document.contains("manifests") && !document.contains("layers");
}

Result<std::optional<bool>> LayerTypeIsGzip(const std::string& media_type,
                                            const std::string& where) {
  using namespace image_internal;
  for (const char* plain : {kOciLayer, kDockerLayer, kOciLayerForeign}) {
    if (media_type == plain) return std::optional<bool>(false);
  }
  for (const char* gzip :
       {kOciLayerGzip, kDockerLayerGzip, kOciLayerForeignGzip, kDockerLayerForeignGzip}) {
    if (media_type == gzip) return std::optional<bool>(true);
  }
  if (media_type.empty()) return std::optional<bool>();
  return Error(
      ErrorCode::kMalformed,
      where + " has media type " + media_type + "; frlic reads uncompressed and gzip layers only",
      "convert the image: skopeo copy --dest-compress-format gzip ...");
}

// index.json -> (one nested index ->) the image manifest.
Result<ManifestView> ReadOciLayout(const TarEntries& entries) {
  using namespace image_internal;
  const std::string& path = entries.path();
  if (entries.Find("oci-layout") == nullptr) {
    return Error(ErrorCode::kMalformed, path + " has index.json but no oci-layout file");
  }
  FRLIC_ASSIGN_OR_RETURN(JsonEntry layout_entry,
                         FindJsonEntry(entries, "oci-layout", "the archive"));
  FRLIC_ASSIGN_OR_RETURN(Json layout,
                         ParseStrictJson(*layout_entry.entry->json, path + ": oci-layout"));
  auto version = layout.find("imageLayoutVersion");
  if (version == layout.end() || !version->is_string()) {
    return Error(ErrorCode::kMalformed, path + ": oci-layout has no imageLayoutVersion string");
  }

  FRLIC_ASSIGN_OR_RETURN(JsonEntry index_entry,
                         FindJsonEntry(entries, "index.json", "the archive"));
  FRLIC_ASSIGN_OR_RETURN(Json index,
                         ParseStrictJson(*index_entry.entry->json, path + ": index.json"));
  auto manifests = index.find("manifests");
  if (manifests == index.end() || !manifests->is_array()) {
    return Error(ErrorCode::kMalformed, path + ": index.json has no manifests array");
  }
  // docker 25 lists one descriptor per name of the image: count distinct digests.
  std::vector<Descriptor> descriptors;
  std::set<std::string> digests;
  ManifestView view;
  for (std::size_t i = 0; i < manifests->size(); ++i) {
    FRLIC_ASSIGN_OR_RETURN(Descriptor descriptor,
                           ReadDescriptor((*manifests)[i], path + ": index.json manifests[" +
                                                               std::to_string(i) + "]"));
    if (digests.insert(descriptor.hex).second) descriptors.push_back(descriptor);
    if (auto annotations = descriptor.json->find("annotations");
        annotations != descriptor.json->end() && annotations->is_object()) {
      std::string name;
      for (const char* key : {"io.containerd.image.name", "org.opencontainers.image.ref.name"}) {
        if (auto it = annotations->find(key);
            name.empty() && it != annotations->end() && it->is_string()) {
          name = it->get<std::string>();
        }
      }
      if (!name.empty() &&
          std::find(view.repo_tags.begin(), view.repo_tags.end(), name) == view.repo_tags.end()) {
        view.repo_tags.push_back(name);
      }
    }
  }
  if (descriptors.size() != 1) {
    return Error(ErrorCode::kMalformed,
                 path + ": index.json holds " + std::to_string(descriptors.size()) +
                     " images; frlic takes one",
                 "copy one image: skopeo copy docker://IMAGE:TAG oci-archive:base.tar");
  }
  Descriptor descriptor = descriptors[0];
  std::string named_by = "index.json";
  FRLIC_ASSIGN_OR_RETURN(JsonEntry blob, FindBlob(entries, descriptor, named_by, true));
  FRLIC_ASSIGN_OR_RETURN(Json document,
                         ParseStrictJson(*blob.entry->json, path + ": " + blob.name));
  Json nested_index;  // keeps the chosen descriptor's JSON alive
  if (IsIndexType(descriptor.media_type, document)) {
    nested_index = std::move(document);
    const std::string index_name = "blobs/sha256/" + descriptor.hex;
    auto nested = nested_index.find("manifests");
    if (nested == nested_index.end() || !nested->is_array()) {
      return Error(ErrorCode::kMalformed,
                   path + ": image index " + index_name + " has no manifests array");
    }
    std::vector<Descriptor> all, amd64;
    for (std::size_t i = 0; i < nested->size(); ++i) {
      FRLIC_ASSIGN_OR_RETURN(
          Descriptor candidate,
          ReadDescriptor((*nested)[i], path + ": image index " + index_name + " manifests[" +
                                           std::to_string(i) + "]"));
      all.push_back(candidate);
      auto platform = candidate.json->find("platform");
      if (platform != candidate.json->end() && platform->is_object() &&
          StringField(*platform, "os") == "linux" &&
          StringField(*platform, "architecture") == "amd64") {
        amd64.push_back(candidate);
      }
    }
    if (all.size() == 1) {
      descriptor = all[0];
    } else if (amd64.size() == 1) {
      descriptor = amd64[0];
    } else {
      return Error(ErrorCode::kMalformed,
                   path + ": image index " + index_name + " holds " + std::to_string(all.size()) +
                       " manifests, " + std::to_string(amd64.size()) +
                       " of them for linux/amd64; frlic takes exactly one",
                   "copy one platform: skopeo copy --override-arch amd64 ...");
    }
    named_by = "image index " + index_name;
    FRLIC_ASSIGN_OR_RETURN(blob, FindBlob(entries, descriptor, named_by, true));
    FRLIC_ASSIGN_OR_RETURN(document, ParseStrictJson(*blob.entry->json, path + ": " + blob.name));
    if (IsIndexType(descriptor.media_type, document)) {
      return Error(ErrorCode::kMalformed, path + ": " + blob.name +
                                              " is an image index inside an image index; frlic "
                                              "follows one level");
    }
  }
  const std::string manifest_name = "blobs/sha256/" + descriptor.hex;
  std::string media_type = descriptor.media_type;
  if (auto declared = document.find("mediaType"); declared != document.end()) {
    if (!declared->is_string() || (!media_type.empty() && *declared != media_type)) {
      return Error(ErrorCode::kMalformed, path + ": manifest " + manifest_name + " has mediaType " +
                                              Shown(*declared) + " but " + named_by + " says " +
                                              media_type);
    }
    media_type = declared->get<std::string>();
  }
  if (!media_type.empty() && media_type != kOciManifest && media_type != kDockerManifest) {
    return Error(ErrorCode::kMalformed, path + ": " + manifest_name + " has media type " +
                                            media_type + ", not an image manifest");
  }
  view.source = "manifest " + manifest_name;
  auto config = document.find("config");
  if (config == document.end()) {
    return Error(ErrorCode::kMalformed, path + ": manifest " + manifest_name + " has no config");
  }
  FRLIC_ASSIGN_OR_RETURN(Descriptor config_descriptor,
                         ReadDescriptor(*config, path + ": manifest " + manifest_name + " config"));
  if (!config_descriptor.media_type.empty() && config_descriptor.media_type != kOciConfig &&
      config_descriptor.media_type != kDockerConfig) {
    return Error(ErrorCode::kMalformed,
                 path + ": manifest " + manifest_name + " has a config of media type " +
                     config_descriptor.media_type + "; it is not a container image");
  }
  FRLIC_ASSIGN_OR_RETURN(JsonEntry config_blob,
                         FindBlob(entries, config_descriptor, view.source, true));
  view.config_name = config_blob.name;
  view.config_hex = config_descriptor.hex;
  view.config_hex_by = view.source;
  view.config_size = config_descriptor.size;

  auto layers = document.find("layers");
  if (layers == document.end() || !layers->is_array()) {
    return Error(ErrorCode::kMalformed,
                 path + ": manifest " + manifest_name + " has no layers array");
  }
  for (std::size_t i = 0; i < layers->size(); ++i) {
    const std::string where =
        path + ": manifest " + manifest_name + " layers[" + std::to_string(i) + "]";
    FRLIC_ASSIGN_OR_RETURN(Descriptor layer_descriptor, ReadDescriptor((*layers)[i], where));
    ManifestView::Layer layer;
    FRLIC_ASSIGN_OR_RETURN(layer.gzip, LayerTypeIsGzip(layer_descriptor.media_type, where));
    layer.named = "blobs/sha256/" + layer_descriptor.hex;
    FRLIC_ASSIGN_OR_RETURN(JsonEntry layer_blob,
                           FindBlob(entries, layer_descriptor, view.source, false));
    layer.entry = layer_blob.name;
    layer.hex = layer_descriptor.hex;
    layer.hex_by = view.source;
    layer.size = layer_descriptor.size;
    view.layers.push_back(std::move(layer));
  }
  return view;
}

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

}  // namespace

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
