// Writing fanruan_license_server.tar: a base image plus one layer, as docker 25+ writes an
// image archive (manifest.json and an OCI layout in one tar), byte-reproducibly
// (docs/formats.md, "Container images").
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "frlic/artifact/image/image_archive.h"
#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/status.h"

namespace frlic {

// A file of the added layer. Parent directories are added (0755) as needed.
struct LayerFile {
  std::string path;  // inside the image, relative: "app/config/license"
  Bytes content;
  unsigned mode = 0644;
};

struct NewImage {
  std::string repository = "fanruan_license_server";
  std::string tag;                            // [A-Za-z0-9_][A-Za-z0-9._-]{0,127}
  std::vector<LayerFile> layer;               // the added layer's files
  std::map<std::string, std::string> labels;  // added to (replacing) config.Labels
  std::uint16_t port = 0;                     // config.ExposedPorts "<port>/tcp" (0: none added)
  std::string created_by;                     // the history entry of the added layer
  UnixSeconds created = 0;                    // config.created, history, every mtime
};

struct WrittenImage {
  std::string sha256;           // of the whole tar file, computed while writing
  std::string manifest_digest;  // "sha256:<hex>" of the OCI manifest
  std::string config_digest;
  std::string layer_digest;  // of the added layer (its diff_id)
  std::uint64_t size = 0;
};

// Progress of WriteImage, for a person watching a terminal: bytes of the image's files
// (blobs, index.json, manifest.json, oci-layout; not the tar headers) written so far and in
// all. Called after each block and file, the last time with done == total; it must not throw.
using ImageProgress = std::function<void(std::uint64_t done, std::uint64_t total)>;

// Writes the image to `path` (which must not exist; the caller stages and fsyncs it). The
// base's layers are copied uncompressed (gzip layers are decompressed) and re-verified as they
// are copied; on any mismatch kMalformed and the partial file is left for the caller to
// discard. Same inputs -> same bytes. `progress`, when set, is told how far the writing is.
Result<WrittenImage> WriteImage(const ImageArchive& base, const NewImage& image,
                                const std::string& path, const ImageProgress& progress = {});

}  // namespace frlic
