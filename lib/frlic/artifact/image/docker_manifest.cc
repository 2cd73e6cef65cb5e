// docker's manifest.json: the form docker < 25, podman and skopeo's docker-archive write, and
// docker 25+ writes beside an OCI layout. It names the config and layers by entry name, so
// the digests it declares are the ones their names carry.
#include <string_view>

#include "internal/archive_json.h"
#include "internal/manifest_view.h"

namespace frlic::image_internal {
namespace {

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

}  // namespace

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

}  // namespace frlic::image_internal
