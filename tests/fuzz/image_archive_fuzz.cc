// Container image archives (lib/frlic/artifact/image): ReadImageArchive of the input as a tar
// (any base form), then every layer read back as frlic reads a base image and its own output:
// the small files of each layer, and each layer streamed out (digests re-verified).
#include "frlic/artifact/image/image_archive.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frlic;
  const std::string& path = fuzz::InputFile(data, size);
  auto image = ReadImageArchive(path);
  if (!fuzz::Accepted(image, "ReadImageArchive")) return 0;
  for (std::size_t i = 0; i < image->layers.size(); ++i) {
    (void)fuzz::Accepted(ReadLayerFiles(*image, i, 64 * 1024), "ReadLayerFiles");
    std::uint64_t copied = 0;
    Status status = CopyImageLayer(*image, i, [&](ByteView block) {
      copied += block.size();
      return Ok();
    });
    if (status.ok() && copied != image->layers[i].size) {
      fuzz::Fail("a layer streamed out at another size than the archive declared");
    }
  }
  return 0;
}
