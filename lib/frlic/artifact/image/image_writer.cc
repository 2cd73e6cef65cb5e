// WriteImage: the added layer, config, OCI manifest, index.json and manifest.json are built in
// memory (all small); then one tar is written, entries sorted by name, the base's layers
// streamed from the base archive (CopyImageLayer: decompressed, re-verified) and the whole
// file hashed as it is written. Two digests run over every base byte (the layer's diff_id and
// the file's), on two threads, beside the read and write calls.
#include "frlic/artifact/image/image_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>
#include <variant>

#include "frlic/core/time.h"
#include "internal/archive_json.h"
#include "internal/hash_worker.h"
#include "internal/layer_copy.h"
#include "internal/media_types.h"
#include "internal/tar_writer.h"

namespace frlic {

using image_internal::Digest;
using image_internal::TarWriter;

namespace {

Error Invalid(std::string message, std::string hint = {}) {
  return Error(ErrorCode::kInvalidInput, std::move(message), std::move(hint));
}

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// [A-Za-z0-9_][A-Za-z0-9._-]{0,127}
bool ValidTag(const std::string& tag) {
  if (tag.empty() || tag.size() > 128) return false;
  for (std::size_t i = 0; i < tag.size(); ++i) {
    char c = tag[i];
    bool word = (c >= 'A' && c <= 'Z') || IsLowerAlnum(c) || c == '_';
    if (!word && (i == 0 || (c != '.' && c != '-'))) return false;
  }
  return true;
}

// A path component of a docker repository: [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*
bool ValidPathComponent(std::string_view part) {
  if (part.empty() || !IsLowerAlnum(part.front()) || !IsLowerAlnum(part.back())) return false;
  for (std::size_t i = 0; i < part.size();) {
    if (IsLowerAlnum(part[i])) {
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < part.size() && !IsLowerAlnum(part[i])) ++i;
    std::string_view separator = part.substr(start, i - start);
    bool dashes = separator.find_first_not_of('-') == std::string_view::npos;
    if (separator != "." && separator != "_" && separator != "__" && !dashes) return false;
  }
  return true;
}

bool ValidDomain(std::string_view domain) {
  std::size_t colon = domain.find(':');
  std::string_view host = domain.substr(0, colon);
  if (host.empty()) return false;
  for (char c : host) {
    if (!IsLowerAlnum(c) && !(c >= 'A' && c <= 'Z') && c != '.' && c != '-') return false;
  }
  if (colon == std::string_view::npos) return true;
  std::string_view port = domain.substr(colon + 1);
  return !port.empty() && port.find_first_not_of("0123456789") == std::string_view::npos;
}

// The repository's full name as containerd records it: "fanruan_license_server" ->
// "docker.io/library/fanruan_license_server"; kInvalidInput if docker would refuse it.
Result<std::string> FullRepositoryName(const std::string& repository) {
  std::vector<std::string_view> parts;
  std::string_view rest = repository;
  while (true) {
    std::size_t slash = rest.find('/');
    parts.push_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  const bool has_domain = parts.size() > 1 && (parts[0].find_first_of(".:") != std::string::npos ||
                                               parts[0] == "localhost");
  bool valid = repository.size() <= 255 && (!has_domain || ValidDomain(parts[0]));
  for (std::size_t i = has_domain ? 1 : 0; valid && i < parts.size(); ++i) {
    valid = ValidPathComponent(parts[i]);
  }
  if (!valid) {
    return Invalid("image repository \"" + repository + "\" is not a valid docker repository name",
                   "use lower-case letters, digits and . _ - separators, e.g. "
                   "fanruan_license_server");
  }
  if (has_domain) return repository;
  return std::string("docker.io/") + (parts.size() == 1 ? "library/" : "") + repository;
}

Status ValidLayerPath(const std::string& path) {
  auto invalid = [&](const std::string& why) {
    return Invalid("layer file \"" + path + "\" " + why,
                   "give a relative path inside the image, e.g. app/config/license");
  };
  if (path.empty()) return invalid("has an empty path");
  if (path.front() == '/') return invalid("is an absolute path");
  for (char c : path) {
    if (c < 0x20 || c > 0x7e) return invalid("has a character other than printable ASCII");
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string_view part(path.data() + start, slash - start);
    if (part == "..") return invalid("has a \"..\" component");
    if (part.empty() || part == ".") return invalid("has an empty or \".\" component");
    start = slash + 1;
  }
  return Ok();
}

// The added layer, an uncompressed tar in memory: the files and their parent directories,
// sorted by name, owner 0:0, every mtime `created`.
Result<Bytes> BuildLayer(const NewImage& image) {
  std::map<std::string, const LayerFile*> files;
  std::set<std::string> directories;
  for (const LayerFile& file : image.layer) {
    FRLIC_RETURN_IF_ERROR(ValidLayerPath(file.path));
    if (file.mode > 07777) {
      return Invalid("layer file " + file.path + " has mode " + std::to_string(file.mode) +
                     ", which is not a permission mode");
    }
    if (!files.emplace(file.path, &file).second) {
      return Invalid("layer file " + file.path + " is given twice");
    }
    for (std::size_t slash = file.path.find('/'); slash != std::string::npos;
         slash = file.path.find('/', slash + 1)) {
      directories.insert(file.path.substr(0, slash));
    }
  }
  for (const std::string& directory : directories) {
    if (files.count(directory) != 0) {
      return Invalid("layer file " + directory + " is also the directory of another layer file");
    }
  }
  // Directories are named with a trailing "/", so each sorts before its contents.
  std::map<std::string, const LayerFile*> entries;
  for (const std::string& directory : directories) entries.emplace(directory + "/", nullptr);
  for (const auto& [path, file] : files) entries.emplace(path, file);

  Bytes layer;
  TarWriter writer("the added layer", [&](ByteView bytes) {
    layer.insert(layer.end(), bytes.begin(), bytes.end());
    return Ok();
  });
  FRLIC_RETURN_IF_ERROR(writer.Open());
  for (const auto& [name, file] : entries) {
    if (file == nullptr) {
      FRLIC_RETURN_IF_ERROR(writer.AddDirectory(name, image.created));
      continue;
    }
    FRLIC_RETURN_IF_ERROR(writer.AddFile(name, file->mode, file->content.size(), image.created));
    FRLIC_RETURN_IF_ERROR(writer.Write(file->content));
  }
  FRLIC_RETURN_IF_ERROR(writer.Close());
  return layer;
}

// The object at `key` of `object`, created if absent or null; kMalformed if something else.
Result<Json*> ObjectField(Json& object, const char* key, const std::string& where) {
  Json& value = object[key];
  if (value.is_null()) value = Json::object();
  if (!value.is_object()) {
    return Error(ErrorCode::kMalformed, where + "." + key + " is not a JSON object");
  }
  return &value;
}

// The base config plus the added layer, its labels, port and history entry.
Result<Json> BuildConfig(const ImageArchive& base, const NewImage& image,
                         const std::string& layer_digest) {
  const std::string where = base.path + ": the config";
  if (!base.config.is_object()) return Error(ErrorCode::kMalformed, where + " is not an object");
  Json config = base.config;
  const std::string created = FormatInstant(image.created);
  config["created"] = created;
  FRLIC_ASSIGN_OR_RETURN(Json * runtime, ObjectField(config, "config", where));
  FRLIC_ASSIGN_OR_RETURN(Json * labels, ObjectField(*runtime, "Labels", where + ".config"));
  for (const auto& [key, value] : image.labels) (*labels)[key] = value;
  if (image.port != 0) {
    FRLIC_ASSIGN_OR_RETURN(Json * ports, ObjectField(*runtime, "ExposedPorts", where + ".config"));
    (*ports)[std::to_string(image.port) + "/tcp"] = Json::object();
  }
  FRLIC_ASSIGN_OR_RETURN(Json * rootfs, ObjectField(config, "rootfs", where));
  Json diff_ids = Json::array();
  for (const ImageLayer& layer : base.layers) diff_ids.push_back(layer.diff_id);
  diff_ids.push_back(layer_digest);
  (*rootfs)["diff_ids"] = std::move(diff_ids);
  Json& history = config["history"];
  if (history.is_null()) history = Json::array();
  if (!history.is_array()) return Error(ErrorCode::kMalformed, where + ".history is not an array");
  history.push_back(
      Json{{"created", created}, {"created_by", image.created_by}, {"comment", "frlic"}});
  return config;
}

// nlohmann's compact dump (keys sorted: its objects are std::map); kInvalidInput if a string
// the caller gave is not UTF-8.
Result<std::string> Dump(const Json& value, const std::string& what) {
  try {
    return value.dump();
  } catch (const Json::exception&) {
    return Invalid(what + " holds a string that is not UTF-8");
  }
}

// Writes to a file descriptor and hashes every byte, the hash on a second thread while the
// write call runs. Every kWritebackChunk bytes the kernel is asked to start writing the chunk
// to disk (sync_file_range, SYNC_FILE_RANGE_WRITE: it does not wait), so that the disk works
// while the rest is copied and hashed and the caller's one fsync finds little left to write;
// without it the whole file stays dirty in memory until that fsync, which then takes as long
// as `sync` after `cp`. It is only a hint: it makes nothing durable, and its errors (e.g.
// ENOSYS or EINVAL on a filesystem that lacks it) are left to the fsync to report.
class HashedFile {
 public:
  HashedFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  HashedFile(const HashedFile&) = delete;
  HashedFile& operator=(const HashedFile&) = delete;
  ~HashedFile() {
    if (fd_ >= 0) ::close(fd_);
  }

  // The block being copied: bytes of it that reach Write() are queued for hashing by its
  // owner; anything else (headers, padding, in-memory blobs) is copied into the queue.
  void Holding(const image_internal::Block* block) { holding_ = block; }

  Status Write(ByteView bytes) {
    image_internal::Block queued{bytes, nullptr};
    if (holding_ != nullptr && holding_->owner && bytes.data() >= holding_->bytes.data() &&
        bytes.data() + bytes.size() <= holding_->bytes.data() + holding_->bytes.size()) {
      queued.owner = holding_->owner;
    }
    hash_.Post(queued);
    FRLIC_RETURN_IF_ERROR(WriteAll(bytes));
    written_ += bytes.size();
    if (written_ - writeback_from_ >= kWritebackChunk) {
      ::sync_file_range(fd_, static_cast<off_t>(writeback_from_),
                        static_cast<off_t>(written_ - writeback_from_), SYNC_FILE_RANGE_WRITE);
      writeback_from_ = written_;
    }
    return Ok();
  }
  Status Close() {
    int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0)
      return Error(ErrorCode::kIo, "cannot close " + path_ + ": " + std::strerror(errno));
    return Ok();
  }
  std::uint64_t size() const { return hash_.bytes(); }
  std::string FinishHex() { return hash_.FinishHex(); }

 private:
  Status WriteAll(ByteView bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return Error(ErrorCode::kIo, "cannot write " + path_ + ": " + std::strerror(errno));
      }
      bytes = bytes.subspan(static_cast<std::size_t>(n));
    }
    return Ok();
  }

  static constexpr std::uint64_t kWritebackChunk = 8 << 20;

  int fd_;
  std::string path_;
  std::uint64_t written_ = 0;
  std::uint64_t writeback_from_ = 0;  // bytes before it were handed to writeback
  const image_internal::Block* holding_ = nullptr;
  image_internal::HashWorker hash_;
};

}  // namespace

Result<WrittenImage> WriteImage(const ImageArchive& base, const NewImage& image,
                                const std::string& path, const ImageProgress& progress) {
  using namespace image_internal;
  if (!ValidTag(image.tag)) {
    return Invalid("image tag \"" + image.tag + "\" is not valid",
                   "a tag is 1 to 128 of A-Z a-z 0-9 _ . -, not starting with . or -");
  }
  FRLIC_ASSIGN_OR_RETURN(std::string full_name, FullRepositoryName(image.repository));
  if (image.created < 0) return Invalid("the image's creation time is before 1970");
  for (std::size_t i = 0; i < base.layers.size(); ++i) {
    const std::string& diff_id = base.layers[i].diff_id;
    if (diff_id.size() != 71 || diff_id.rfind("sha256:", 0) != 0) {
      return Error(ErrorCode::kInternal, base.path + ": layer " + std::to_string(i) +
                                             " has no diff_id; read the base with "
                                             "ReadImageArchive");
    }
  }

  FRLIC_ASSIGN_OR_RETURN(Bytes layer, BuildLayer(image));
  const std::string layer_hex = Sha256Hex(layer);
  FRLIC_ASSIGN_OR_RETURN(Json config_json, BuildConfig(base, image, Digest(layer_hex)));
  FRLIC_ASSIGN_OR_RETURN(std::string config, Dump(config_json, "the image config"));
  const std::string config_hex = Sha256Hex(AsBytes(config));

  Json layers = Json::array();
  for (const ImageLayer& base_layer : base.layers) {
    layers.push_back(
        Json{{"mediaType", kOciLayer}, {"digest", base_layer.diff_id}, {"size", base_layer.size}});
  }
  layers.push_back(
      Json{{"mediaType", kOciLayer}, {"digest", Digest(layer_hex)}, {"size", layer.size()}});
  Json manifest_json{
      {"schemaVersion", 2},
      {"mediaType", kOciManifest},
      {"config",
       Json{{"mediaType", kOciConfig}, {"digest", Digest(config_hex)}, {"size", config.size()}}},
      {"layers", layers}};
  FRLIC_ASSIGN_OR_RETURN(std::string manifest, Dump(manifest_json, "the image manifest"));
  const std::string manifest_hex = Sha256Hex(AsBytes(manifest));

  Json descriptor{{"mediaType", kOciManifest},
                  {"digest", Digest(manifest_hex)},
                  {"size", manifest.size()},
                  {"annotations", Json{{"io.containerd.image.name", full_name + ":" + image.tag},
                                       {"org.opencontainers.image.ref.name", image.tag}}}};
  if (config_json.contains("architecture") && config_json["architecture"].is_string() &&
      config_json.contains("os") && config_json["os"].is_string()) {
    Json platform{{"architecture", config_json["architecture"]}, {"os", config_json["os"]}};
    if (config_json.contains("variant") && config_json["variant"].is_string()) {
      platform["variant"] = config_json["variant"];
    }
    descriptor["platform"] = std::move(platform);
  }
  Json index_json{
      {"schemaVersion", 2}, {"mediaType", kOciIndex}, {"manifests", Json::array({descriptor})}};
  FRLIC_ASSIGN_OR_RETURN(std::string index, Dump(index_json, "index.json"));

  Json layer_names = Json::array();
  for (const ImageLayer& base_layer : base.layers) {
    layer_names.push_back("blobs/sha256/" + base_layer.diff_id.substr(7));
  }
  layer_names.push_back("blobs/sha256/" + layer_hex);
  Json docker_manifest =
      Json::array({Json{{"Config", "blobs/sha256/" + config_hex},
                        {"RepoTags", Json::array({image.repository + ":" + image.tag})},
                        {"Layers", layer_names}}});
  FRLIC_ASSIGN_OR_RETURN(std::string manifest_list, Dump(docker_manifest, "manifest.json"));
  const std::string oci_layout = Json{{"imageLayoutVersion", kOciLayoutVersion}}.dump();

  // The blobs by digest (sorted, each once): a base layer's index, or bytes in memory.
  std::map<std::string, std::variant<std::size_t, ByteView>> blobs;
  for (std::size_t i = 0; i < base.layers.size(); ++i) {
    blobs.emplace(base.layers[i].diff_id.substr(7), i);
  }
  blobs.emplace(layer_hex, ByteView(layer));
  blobs.emplace(config_hex, AsBytes(config));
  blobs.emplace(manifest_hex, AsBytes(manifest));

  std::uint64_t total = index.size() + manifest_list.size() + oci_layout.size();
  for (const auto& [hex, source] : blobs) {
    const ByteView* bytes = std::get_if<ByteView>(&source);
    total += bytes != nullptr ? bytes->size() : base.layers[std::get<std::size_t>(source)].size;
  }
  std::uint64_t done = 0;
  auto advance = [&](std::uint64_t bytes) {
    done += bytes;
    if (progress) progress(done, total);
  };

  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) {
    if (errno == EEXIST) return Error(ErrorCode::kRefused, path + " already exists");
    return Error(ErrorCode::kIo, "cannot create " + path + ": " + std::strerror(errno));
  }
  HashedFile file(fd, path);
  TarWriter writer(path, [&](ByteView bytes) { return file.Write(bytes); });
  const UnixSeconds mtime = image.created;
  auto add_bytes = [&](const std::string& name, ByteView bytes) -> Status {
    FRLIC_RETURN_IF_ERROR(writer.AddFile(name, 0644, bytes.size(), mtime));
    FRLIC_RETURN_IF_ERROR(writer.Write(bytes));
    advance(bytes.size());
    return Ok();
  };
  FRLIC_RETURN_IF_ERROR(writer.Open());
  FRLIC_RETURN_IF_ERROR(writer.AddDirectory("blobs/", mtime));
  FRLIC_RETURN_IF_ERROR(writer.AddDirectory("blobs/sha256/", mtime));
  for (const auto& [hex, source] : blobs) {
    const std::string name = "blobs/sha256/" + hex;
    if (const ByteView* bytes = std::get_if<ByteView>(&source)) {
      FRLIC_RETURN_IF_ERROR(add_bytes(name, *bytes));
      continue;
    }
    const std::size_t index = std::get<std::size_t>(source);
    FRLIC_RETURN_IF_ERROR(writer.AddFile(name, 0644, base.layers[index].size, mtime));
    FRLIC_RETURN_IF_ERROR(CopyLayerBlocks(base, index, [&](const Block& block) {
      file.Holding(&block);
      Status status = writer.Write(block.bytes);
      file.Holding(nullptr);
      if (status.ok()) advance(block.bytes.size());
      return status;
    }));
  }
  FRLIC_RETURN_IF_ERROR(add_bytes("index.json", AsBytes(index)));
  FRLIC_RETURN_IF_ERROR(add_bytes("manifest.json", AsBytes(manifest_list)));
  FRLIC_RETURN_IF_ERROR(add_bytes("oci-layout", AsBytes(oci_layout)));
  FRLIC_RETURN_IF_ERROR(writer.Close());

  WrittenImage written;
  written.size = file.size();
  written.sha256 = file.FinishHex();
  FRLIC_RETURN_IF_ERROR(file.Close());
  written.manifest_digest = Digest(manifest_hex);
  written.config_digest = Digest(config_hex);
  written.layer_digest = Digest(layer_hex);
  return written;
}

}  // namespace frlic
