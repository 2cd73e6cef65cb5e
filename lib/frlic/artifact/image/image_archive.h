// Reading a container image archive (a tar as `docker save`, `podman save` or `skopeo copy
// ...-archive:` write it) and verifying every digest in it, in one streaming pass whose memory
// does not grow with the image (docs/formats.md, "Container images").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "frlic/core/bytes.h"
#include "frlic/core/status.h"
#include "frlic/core/strict_json.h"

namespace frlic {

// The forms of archive that are read.
enum class ImageArchiveForm {
  kDockerLegacy,  // manifest.json + <id>.json + <id>/layer.tar (docker < 25, podman, skopeo)
  kDockerOci,     // docker 25+: manifest.json and an OCI layout (index.json, blobs/sha256/...)
  kOciArchive,    // an OCI layout only (skopeo copy ... oci-archive:)
};
const char* ImageArchiveFormName(ImageArchiveForm form);  // "docker-legacy", ...

// One layer of an image, bottom first.
struct ImageLayer {
  std::string entry;   // the archive entry holding it (links resolved)
  bool gzip = false;   // stored gzip-compressed (1f 8b magic), uncompressed when copied
  std::string digest;  // "sha256:<hex>" of the stored bytes
  std::uint64_t stored_size = 0;
  std::string diff_id;     // "sha256:<hex>" of the uncompressed tar (== digest unless gzip)
  std::uint64_t size = 0;  // uncompressed size
};

struct ImageArchive {
  std::string path;
  ImageArchiveForm form = ImageArchiveForm::kDockerLegacy;
  std::string config_bytes;   // the image config exactly as stored
  Json config;                // ... parsed
  std::string config_digest;  // "sha256:<hex>" of config_bytes
  std::vector<ImageLayer> layers;
  std::vector<std::string> repo_tags;  // from manifest.json or index.json annotations
};

struct ReadImageOptions {
  // false: layer bytes are not hashed (their sizes still are checked); used to re-read an
  // image this process has just written while hashing its layers.
  // An uncompressed layer's digest and diff_id are then the values the manifest and config
  // declare (required to agree); gzip layers are still decompressed, so hashed. WriteImage
  // and CopyImageLayer verify every layer as they copy it in either case, so a base read this
  // way costs one hashing pass over its layers instead of two.
  bool verify_layers = true;
};

// Reads and verifies `path`: the manifest (manifest.json, or index.json -> manifest), the
// config (digest), every layer (digest of the stored bytes where the manifest names one,
// diff_id of the uncompressed bytes against the config's rootfs.diff_ids, counts equal).
// kMalformed naming the file, the entry and what was found vs expected: not a tar, truncated,
// no manifest, a digest or size that does not match, a missing entry, a link leaving the
// archive, more than one image in it, a manifest or config over 1 MiB or nested more than 64
// levels deep (strict JSON). kNotFound if `path` does not exist; kInvalidInput if it is not a
// regular file (a directory, FIFO or device: refused without blocking).
Result<ImageArchive> ReadImageArchive(const std::string& path,
                                      const ReadImageOptions& options = {});

// Streams the uncompressed bytes of layer `index` to `sink` in blocks (re-reading the archive
// from disk), verifying its diff_id at the end: kMalformed if the bytes changed since
// ReadImageArchive.
Status CopyImageLayer(const ImageArchive& image, std::size_t index,
                      const std::function<Status(ByteView block)>& sink);

// The regular files of layer `index` (uncompressed, digest verified) whose size is at most
// `max_file_size`: path inside the layer ("app/config/license") -> bytes. Larger files,
// directories and links are skipped.
Result<std::vector<std::pair<std::string, Bytes>>> ReadLayerFiles(const ImageArchive& image,
                                                                  std::size_t index,
                                                                  std::uint64_t max_file_size);

}  // namespace frlic
