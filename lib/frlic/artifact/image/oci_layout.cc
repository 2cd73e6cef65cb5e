// An OCI image layout (skopeo's oci-archive, and docker 25+ beside manifest.json): oci-layout,
// index.json -> at most one nested image index -> the image manifest, every step a descriptor
// (media type, digest, size) naming a blob under blobs/sha256/.
#include <algorithm>
#include <set>
#include <vector>

#include "internal/archive_json.h"
#include "internal/manifest_view.h"
#include "internal/media_types.h"

namespace frlic::image_internal {
namespace {

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

bool IsIndexType(const std::string& media_type, const Json& document) {
  if (media_type == kOciIndex || media_type == kDockerList) {
    return true;
  }
  if (!media_type.empty()) return false;
  return document.contains("manifests") && !document.contains("layers");
}

Result<std::optional<bool>> LayerTypeIsGzip(const std::string& media_type,
                                            const std::string& where) {
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

}  // namespace

// index.json -> (one nested index ->) the image manifest.
Result<ManifestView> ReadOciLayout(const TarEntries& entries) {
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

}  // namespace frlic::image_internal
