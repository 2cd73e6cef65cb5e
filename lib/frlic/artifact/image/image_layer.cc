// The layers of an image archive read already: copied out (CopyImageLayer) or looked into
// (ReadLayerFiles), re-read from disk and re-verified against their diff_id every time.
#include <optional>
#include <utility>

#include "frlic/artifact/image/image_archive.h"
#include "internal/archive_stream.h"
#include "internal/hash_worker.h"
#include "internal/layer_copy.h"

namespace frlic {

using image_internal::ArchiveMessage;
using image_internal::ArchivePtr;
using image_internal::Block;
using image_internal::EntryStream;
using image_internal::TarReader;

namespace {

std::string LayerWhat(const ImageArchive& image, std::size_t index) {
  return image.path + ": layer " + std::to_string(index) + " (" + image.layers[index].entry + ")";
}

Error Changed(const ImageArchive& image, std::size_t index, const std::string& found,
              std::uint64_t found_size) {
  const ImageLayer& layer = image.layers[index];
  return Error(ErrorCode::kMalformed,
               LayerWhat(image, index) + " has " + found + " (" + std::to_string(found_size) +
                   " bytes uncompressed) but the config's rootfs.diff_ids[" +
                   std::to_string(index) + "] says " + layer.diff_id + " (" +
                   std::to_string(layer.size) +
                   " bytes): the archive is damaged, or changed since it was read",
               "do not modify the base image while frlic runs");
}

// Positions a reader at layer `index` of `image` and checks that it is still stored as read.
Result<TarReader> OpenLayer(const ImageArchive& image, std::size_t index) {
  if (index >= image.layers.size()) {
    return Error(ErrorCode::kInternal, image.path + " has no layer " + std::to_string(index));
  }
  return TarReader::OpenAtEntry(image.path, image.layers[index].entry);
}

}  // namespace

namespace image_internal {

Status CopyLayerBlocks(const ImageArchive& image, std::size_t index,
                       const std::function<Status(const Block& block)>& sink) {
  FRLIC_ASSIGN_OR_RETURN(TarReader reader, OpenLayer(image, index));
  const ImageLayer& layer = image.layers[index];
  EntryStream stream(reader, image.path, layer.entry);
  FRLIC_ASSIGN_OR_RETURN(bool gzip, stream.IsGzip());
  if (gzip != layer.gzip) {
    return Error(ErrorCode::kMalformed, LayerWhat(image, index) + " is " +
                                            (gzip ? "now" : "no longer") +
                                            " gzip-compressed: the archive changed since it "
                                            "was read");
  }
  // The diff_id is hashed on a second thread while `sink` writes (and hashes) the block and
  // the next one is read.
  HashWorker hash;
  std::uint64_t copied = 0;
  while (true) {
    FRLIC_ASSIGN_OR_RETURN(Block block, stream.Next());
    if (block.bytes.empty()) break;
    copied += block.bytes.size();
    if (copied > layer.size) return Changed(image, index, "more bytes", copied);
    hash.Post(block);
    FRLIC_RETURN_IF_ERROR(sink(block));
  }
  std::string diff_id = "sha256:" + hash.FinishHex();
  if (copied != layer.size || diff_id != layer.diff_id) {
    return Changed(image, index, diff_id, copied);
  }
  return Ok();
}

}  // namespace image_internal

Status CopyImageLayer(const ImageArchive& image, std::size_t index,
                      const std::function<Status(ByteView block)>& sink) {
  return image_internal::CopyLayerBlocks(image, index,
                                         [&](const Block& block) { return sink(block.bytes); });
}

Result<std::vector<std::pair<std::string, Bytes>>> ReadLayerFiles(const ImageArchive& image,
                                                                  std::size_t index,
                                                                  std::uint64_t max_file_size) {
  FRLIC_ASSIGN_OR_RETURN(TarReader reader, OpenLayer(image, index));
  const ImageLayer& layer = image.layers[index];
  const std::string what = LayerWhat(image, index);
  EntryStream stream(reader, image.path, layer.entry);

  // The layer is a tar inside the tar: a second reader pulls its bytes (uncompressed) from
  // `stream`, which are hashed on the way for the diff_id.
  struct Source {
    EntryStream* stream;
    Sha256Stream hash;
    std::uint64_t bytes = 0;
    std::optional<Error> error;
  } source{&stream, {}, 0, std::nullopt};
  auto pull = [](archive*, void* data, const void** buffer) -> la_ssize_t {
    auto* source = static_cast<Source*>(data);
    auto block = source->stream->Next();
    if (!block.ok()) {
      source->error = std::move(block).error();
      return -1;
    }
    source->hash.Update(block->bytes);
    source->bytes += block->bytes.size();
    *buffer = block->bytes.data();
    return static_cast<la_ssize_t>(block->bytes.size());
  };

  std::vector<std::pair<std::string, Bytes>> files;
  if (layer.size > 0) {
    ArchivePtr inner(archive_read_new());
    if (!inner) return Error(ErrorCode::kInternal, "archive_read_new failed");
    archive_read_support_format_tar(inner.get());
    auto inner_error = [&] {
      if (source.error) return std::move(*source.error);
      return Error(ErrorCode::kMalformed,
                   what + " is not a valid tar archive: " + ArchiveMessage(inner.get()));
    };
    if (archive_read_open(inner.get(), &source, nullptr, pull, nullptr) != ARCHIVE_OK) {
      return inner_error();
    }
    while (true) {
      archive_entry* header = nullptr;
      int rc = archive_read_next_header(inner.get(), &header);
      if (rc == ARCHIVE_EOF) break;
      if (rc < ARCHIVE_WARN) return inner_error();
      if (archive_entry_hardlink(header) != nullptr || archive_entry_filetype(header) != AE_IFREG) {
        continue;
      }
      const auto size = static_cast<std::uint64_t>(archive_entry_size(header));
      if (size > max_file_size) continue;
      auto name = image_internal::EntryName(header);
      if (!name || name->empty()) {
        const char* raw = archive_entry_pathname(header);
        return Error(ErrorCode::kMalformed, what + " holds the file \"" +
                                                std::string(raw == nullptr ? "" : raw) +
                                                "\", which leaves the image's root");
      }
      Bytes content(static_cast<std::size_t>(size));
      std::size_t done = 0;
      while (done < content.size()) {
        la_ssize_t n = archive_read_data(inner.get(), content.data() + done, content.size() - done);
        if (n < 0) return inner_error();
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
      }
      if (done != content.size()) {
        return Error(ErrorCode::kMalformed, what + ": file " + *name + " is truncated");
      }
      // A later entry of the same path replaces an earlier one, as when the layer is unpacked.
      std::erase_if(files, [&](const auto& file) { return file.first == *name; });
      files.emplace_back(std::move(*name), std::move(content));
    }
  }
  // Whatever follows the tar's end (padding) counts towards the diff_id too.
  while (true) {
    FRLIC_ASSIGN_OR_RETURN(Block block, stream.Next());
    if (block.bytes.empty()) break;
    source.hash.Update(block.bytes);
    source.bytes += block.bytes.size();
  }
  std::string diff_id = "sha256:" + source.hash.FinishHex();
  if (source.bytes != layer.size || diff_id != layer.diff_id) {
    return Changed(image, index, diff_id, source.bytes);
  }
  return files;
}

}  // namespace frlic
