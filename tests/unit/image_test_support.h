// Image archives for the image tests, written with libarchive from a small in-memory rootfs in
// every form frlic reads (docker < 25, docker 25+, OCI archive; gzip layers; a gzip-compressed
// archive), as members that a test can alter (a corrupt variant) before writing the tar.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "frlic/core/bytes.h"

namespace frlic::testing {

// One entry of a tar written by WriteTar.
struct TarMember {
  enum class Kind { kFile, kDirectory, kSymlink, kHardlink };
  std::string name;
  Kind kind = Kind::kFile;
  std::string data;  // a file's bytes
  std::string link;  // a link's target
  unsigned mode = 0644;
};

inline TarMember File(std::string name, std::string data, unsigned mode = 0644) {
  return {std::move(name), TarMember::Kind::kFile, std::move(data), {}, mode};
}
inline TarMember Directory(std::string name) {
  return {std::move(name), TarMember::Kind::kDirectory, {}, {}, 0755};
}
inline TarMember Symlink(std::string name, std::string target) {
  return {std::move(name), TarMember::Kind::kSymlink, {}, std::move(target), 0777};
}
inline TarMember Hardlink(std::string name, std::string target) {
  return {std::move(name), TarMember::Kind::kHardlink, {}, std::move(target), 0644};
}

// A tar of `members` in their order (pax restricted, owner 0:0, mtime 0), gzip-compressed
// with no timestamp if `gzip`. Throws on a libarchive failure (a bug in the test).
inline std::string WriteTar(const std::vector<TarMember>& members, bool gzip = false) {
  std::string out;
  archive* a = archive_write_new();
  auto check = [&](int rc) {
    if (rc != ARCHIVE_OK) {
      std::string message = archive_error_string(a) ? archive_error_string(a) : "?";
      archive_write_free(a);
      throw std::runtime_error("libarchive: " + message);
    }
  };
  check(archive_write_set_format_pax_restricted(a));
  if (gzip) {
    // No zero padding after the compressed stream: gzip readers take it for another member.
    check(archive_write_add_filter_gzip(a));
    check(archive_write_set_options(a, "gzip:!timestamp"));
    check(archive_write_set_bytes_in_last_block(a, 1));
  }
  auto write = [](archive*, void* data, const void* buffer, size_t size) -> la_ssize_t {
    static_cast<std::string*>(data)->append(static_cast<const char*>(buffer), size);
    return static_cast<la_ssize_t>(size);
  };
  check(archive_write_open(a, &out, nullptr, write, nullptr));
  for (const TarMember& member : members) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, member.name.c_str());
    archive_entry_set_uid(entry, 0);
    archive_entry_set_gid(entry, 0);
    archive_entry_set_mtime(entry, 0, 0);
    archive_entry_set_perm(entry, member.mode);
    switch (member.kind) {
      case TarMember::Kind::kFile:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_size(entry, static_cast<la_int64_t>(member.data.size()));
        break;
      case TarMember::Kind::kDirectory:
        archive_entry_set_filetype(entry, AE_IFDIR);
        break;
      case TarMember::Kind::kSymlink:
        archive_entry_set_filetype(entry, AE_IFLNK);
        archive_entry_set_symlink(entry, member.link.c_str());
        break;
      case TarMember::Kind::kHardlink:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_hardlink(entry, member.link.c_str());
        break;
    }
    int rc = archive_write_header(a, entry);
    archive_entry_free(entry);
    check(rc);
    if (member.kind == TarMember::Kind::kFile && !member.data.empty()) {
      if (archive_write_data(a, member.data.data(), member.data.size()) !=
          static_cast<la_ssize_t>(member.data.size())) {
        check(ARCHIVE_FATAL);
      }
    }
  }
  check(archive_write_close(a));
  archive_write_free(a);
  return out;
}

// `bytes` through libarchive's gzip filter (raw format: the bytes alone), no timestamp.
inline std::string GzipBytes(std::string_view bytes) {
  std::string out;
  archive* a = archive_write_new();
  auto write = [](archive*, void* data, const void* buffer, size_t size) -> la_ssize_t {
    static_cast<std::string*>(data)->append(static_cast<const char*>(buffer), size);
    return static_cast<la_ssize_t>(size);
  };
  archive_entry* entry = archive_entry_new();
  archive_entry_set_pathname(entry, "layer.tar");
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_size(entry, static_cast<la_int64_t>(bytes.size()));
  bool ok =
      archive_write_set_format_raw(a) == ARCHIVE_OK &&
      archive_write_add_filter_gzip(a) == ARCHIVE_OK &&
      archive_write_set_options(a, "gzip:!timestamp") == ARCHIVE_OK &&
      archive_write_set_bytes_in_last_block(a, 1) == ARCHIVE_OK &&
      archive_write_open(a, &out, nullptr, write, nullptr) == ARCHIVE_OK &&
      archive_write_header(a, entry) == ARCHIVE_OK &&
      archive_write_data(a, bytes.data(), bytes.size()) == static_cast<la_ssize_t>(bytes.size()) &&
      archive_write_close(a) == ARCHIVE_OK;
  archive_entry_free(entry);
  archive_write_free(a);
  if (!ok) throw std::runtime_error("libarchive: gzip failed");
  return out;
}

inline std::string Sha256Of(std::string_view bytes) { return Sha256Hex(AsBytes(bytes)); }
inline std::string DigestOf(std::string_view bytes) { return "sha256:" + Sha256Of(bytes); }

// Incompressible bytes, the same every run.
inline std::string RandomBytes(std::size_t size, std::uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::string out(size, '\0');
  for (std::size_t i = 0; i < size; i += 8) {
    std::uint64_t value = generator();
    for (std::size_t j = 0; j < 8 && i + j < size; ++j)
      out[i + j] = static_cast<char>(value >> (8 * j));
  }
  return out;
}

// A layer: files (path, bytes) with their parent directories, sorted as given.
inline std::string MakeLayer(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<TarMember> members;
  std::vector<std::string> seen;
  for (const auto& [path, data] : files) {
    for (std::size_t slash = path.find('/'); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      std::string directory = path.substr(0, slash + 1);
      if (std::find(seen.begin(), seen.end(), directory) == seen.end()) {
        seen.push_back(directory);
        members.push_back(Directory(directory));
      }
    }
    unsigned mode = path.find("/bin/") != std::string::npos ? 0755 : 0644;
    members.push_back(File(path, data, mode));
  }
  return WriteTar(members);
}

// The rootfs of the test images: a small layer, a layer of 1.5 MiB (larger than the JSON
// limit, so it takes the streaming path), and a third small one.
inline const std::vector<std::string>& TestLayers() {
  static const std::vector<std::string> layers = {
      MakeLayer({{"etc/os-release", "NAME=\"frlic test base\"\n"},
                 {"app/bin/fanruan-license-server", "#!/bin/sh\necho test server\n"}}),
      MakeLayer({{"app/lib/big.bin", RandomBytes(3 << 19, 1)}}),
      MakeLayer({{"app/config/defaults.properties", "port=8080\n"}}),
  };
  return layers;
}

enum class BaseForm { kDockerLegacy, kDockerOci, kOciArchive };

struct BaseOptions {
  bool gzip_layers = false;
  // docker < 25 only: one more layer, a duplicate of layer 0 stored as a link to it, as docker
  // writes a repeated layer (a symlink "<id>/layer.tar -> ../<id0>/layer.tar") or podman (a
  // hard link).
  enum class Duplicate { kNone, kSymlink, kHardlink } duplicate = Duplicate::kNone;
  // oci-archive only: index.json -> an image index of linux/amd64 and linux/arm64 manifests.
  bool nested_index = false;
  std::vector<std::string> layers = TestLayers();  // uncompressed
  // Applied to the config before it is serialised (and its digest taken): a variant whose
  // config says something else than the layers.
  std::function<void(nlohmann::json&)> edit_config = nullptr;
};

// An image archive as members (alter them for corrupt variants) and what it should read as.
struct BaseArchive {
  std::vector<TarMember> members;
  std::vector<std::string> stored;         // each layer as stored (gzip or not)
  std::vector<std::string> layers;         // uncompressed
  std::vector<std::string> diff_ids;       // "sha256:..."
  std::vector<std::string> layer_entries;  // the entry holding each layer, links resolved
  std::string config;                      // the config's bytes
  std::string config_entry;
  nlohmann::json config_json;

  TarMember* Find(const std::string& name) {
    for (TarMember& member : members) {
      if (member.name == name) return &member;
    }
    return nullptr;
  }
  void Remove(const std::string& name) {
    std::erase_if(members, [&](const TarMember& member) { return member.name == name; });
  }
  std::string Tar(bool gzip = false) const { return WriteTar(members, gzip); }
};

inline BaseArchive MakeBaseArchive(BaseForm form, const BaseOptions& options = {}) {
  using nlohmann::json;
  BaseArchive base;
  base.layers = options.layers;
  for (const std::string& layer : base.layers) {
    base.diff_ids.push_back(DigestOf(layer));
    base.stored.push_back(options.gzip_layers ? GzipBytes(layer) : layer);
  }
  const bool duplicate =
      form == BaseForm::kDockerLegacy && options.duplicate != BaseOptions::Duplicate::kNone;
  if (duplicate) {
    base.layers.push_back(base.layers[0]);
    base.diff_ids.push_back(base.diff_ids[0]);
    base.stored.push_back(base.stored[0]);
  }
  json history = json::array();
  for (std::size_t i = 0; i < base.layers.size(); ++i) {
    history.push_back(
        {{"created", "2024-01-01T00:00:00Z"}, {"created_by", "layer " + std::to_string(i)}});
  }
  base.config_json = {{"architecture", "amd64"},
                      {"os", "linux"},
                      {"created", "2024-01-01T00:00:00Z"},
                      {"config",
                       {{"Entrypoint", {"/app/bin/fanruan-license-server"}},
                        {"WorkingDir", "/app"},
                        {"Labels", {{"vendor", "test"}}}}},
                      {"rootfs", {{"type", "layers"}, {"diff_ids", base.diff_ids}}},
                      {"history", history}};
  if (options.edit_config) options.edit_config(base.config_json);
  base.config = base.config_json.dump();
  const std::string config_hex = Sha256Of(base.config);
  const std::string repo_tag = "test/base:1";

  if (form == BaseForm::kDockerLegacy) {
    json layer_names = json::array();
    std::vector<TarMember> trailing;
    for (std::size_t i = 0; i < base.layers.size(); ++i) {
      const std::string id = Sha256Of("layer id " + std::to_string(i));
      const std::string name = id + "/layer.tar";
      layer_names.push_back(name);
      base.members.push_back(Directory(id + "/"));
      base.members.push_back(File(id + "/VERSION", "1.0"));
      if (duplicate && i + 1 == base.layers.size()) {
        if (options.duplicate == BaseOptions::Duplicate::kSymlink) {
          base.members.push_back(Symlink(name, "../" + base.layer_entries[0]));
        } else {
          base.members.push_back(Hardlink(name, base.layer_entries[0]));
        }
        base.layer_entries.push_back(base.layer_entries[0]);
        continue;
      }
      base.members.push_back(File(name, base.stored[i]));
      base.layer_entries.push_back(name);
    }
    base.config_entry = config_hex + ".json";
    base.members.push_back(File(base.config_entry, base.config));
    json manifest = json::array(
        {{{"Config", base.config_entry}, {"RepoTags", {repo_tag}}, {"Layers", layer_names}}});
    base.members.push_back(File("manifest.json", manifest.dump()));
    base.members.push_back(File("repositories", R"({"test/base":{"1":"x"}})"));
    return base;
  }

  // The OCI layout: blobs, an image manifest (maybe under an image index), index.json.
  const char* layer_type = options.gzip_layers ? "application/vnd.oci.image.layer.v1.tar+gzip"
                                               : "application/vnd.oci.image.layer.v1.tar";
  std::vector<std::pair<std::string, std::string>> blobs;  // hex -> bytes
  json layers = json::array();
  for (std::size_t i = 0; i < base.stored.size(); ++i) {
    const std::string hex = Sha256Of(base.stored[i]);
    blobs.emplace_back(hex, base.stored[i]);
    layers.push_back(
        {{"mediaType", layer_type}, {"digest", "sha256:" + hex}, {"size", base.stored[i].size()}});
    base.layer_entries.push_back("blobs/sha256/" + hex);
  }
  blobs.emplace_back(config_hex, base.config);
  base.config_entry = "blobs/sha256/" + config_hex;
  json manifest = {{"schemaVersion", 2},
                   {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                   {"config",
                    {{"mediaType", "application/vnd.oci.image.config.v1+json"},
                     {"digest", "sha256:" + config_hex},
                     {"size", base.config.size()}}},
                   {"layers", layers}};
  const std::string manifest_text = manifest.dump();
  const std::string manifest_hex = Sha256Of(manifest_text);
  blobs.emplace_back(manifest_hex, manifest_text);
  json top = {{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
              {"digest", "sha256:" + manifest_hex},
              {"size", manifest_text.size()},
              {"annotations",
               {{"io.containerd.image.name", "docker.io/" + repo_tag},
                {"org.opencontainers.image.ref.name", "1"}}}};
  if (form == BaseForm::kOciArchive && options.nested_index) {
    // An arm64 manifest beside the amd64 one (its config differs only in "architecture").
    json arm_config = base.config_json;
    arm_config["architecture"] = "arm64";
    const std::string arm_config_text = arm_config.dump();
    json arm_manifest = manifest;
    arm_manifest["config"]["digest"] = DigestOf(arm_config_text);
    arm_manifest["config"]["size"] = arm_config_text.size();
    const std::string arm_text = arm_manifest.dump();
    blobs.emplace_back(Sha256Of(arm_config_text), arm_config_text);
    blobs.emplace_back(Sha256Of(arm_text), arm_text);
    json nested = {{"schemaVersion", 2},
                   {"mediaType", "application/vnd.oci.image.index.v1+json"},
                   {"manifests",
                    {{{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                      {"digest", DigestOf(arm_text)},
                      {"size", arm_text.size()},
                      {"platform", {{"architecture", "arm64"}, {"os", "linux"}}}},
                     {{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                      {"digest", "sha256:" + manifest_hex},
                      {"size", manifest_text.size()},
                      {"platform", {{"architecture", "amd64"}, {"os", "linux"}}}}}}};
    const std::string nested_text = nested.dump();
    blobs.emplace_back(Sha256Of(nested_text), nested_text);
    top["mediaType"] = "application/vnd.oci.image.index.v1+json";
    top["digest"] = DigestOf(nested_text);
    top["size"] = nested_text.size();
  }
  std::sort(blobs.begin(), blobs.end());
  blobs.erase(std::unique(blobs.begin(), blobs.end()), blobs.end());
  base.members.push_back(Directory("blobs/"));
  base.members.push_back(Directory("blobs/sha256/"));
  for (const auto& [hex, bytes] : blobs) base.members.push_back(File("blobs/sha256/" + hex, bytes));
  json index = {{"schemaVersion", 2},
                {"mediaType", "application/vnd.oci.image.index.v1+json"},
                {"manifests", json::array({top})}};
  base.members.push_back(File("index.json", index.dump()));
  if (form == BaseForm::kDockerOci) {
    json layer_names = json::array();
    for (const std::string& entry : base.layer_entries) layer_names.push_back(entry);
    json docker_manifest = json::array(
        {{{"Config", base.config_entry}, {"RepoTags", {repo_tag}}, {"Layers", layer_names}}});
    base.members.push_back(File("manifest.json", docker_manifest.dump()));
  }
  base.members.push_back(File("oci-layout", R"({"imageLayoutVersion":"1.0.0"})"));
  return base;
}

// An entry of a tar as libarchive reads it back.
struct ListedMember {
  std::string name;
  unsigned type = 0;  // AE_IFREG, AE_IFDIR, ...
  unsigned mode = 0;  // permission bits
  std::int64_t uid = -1, gid = -1;
  std::string uname, gname;
  std::int64_t mtime = -1;
  bool has_atime = false, has_ctime = false, has_xattrs = false;
  std::string data;
};

inline std::vector<ListedMember> ListTar(const std::string& bytes) {
  std::vector<ListedMember> out;
  archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  archive_read_support_filter_gzip(a);
  if (archive_read_open_memory(a, bytes.data(), bytes.size()) != ARCHIVE_OK) {
    archive_read_free(a);
    throw std::runtime_error("not a tar");
  }
  archive_entry* entry = nullptr;
  while (archive_read_next_header(a, &entry) == ARCHIVE_OK) {
    ListedMember member;
    member.name = archive_entry_pathname(entry);
    member.type = archive_entry_filetype(entry);
    member.mode = archive_entry_perm(entry);
    member.uid = archive_entry_uid(entry);
    member.gid = archive_entry_gid(entry);
    if (archive_entry_uname(entry)) member.uname = archive_entry_uname(entry);
    if (archive_entry_gname(entry)) member.gname = archive_entry_gname(entry);
    member.mtime = archive_entry_mtime(entry);
    member.has_atime = archive_entry_atime_is_set(entry);
    member.has_ctime = archive_entry_ctime_is_set(entry);
    member.has_xattrs = archive_entry_xattr_count(entry) > 0;
    char buffer[65536];
    la_ssize_t n;
    while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0) member.data.append(buffer, n);
    out.push_back(std::move(member));
  }
  archive_read_free(a);
  return out;
}

inline void WriteBytes(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace frlic::testing
