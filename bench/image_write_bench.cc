// frlic_image_bench: what `frlic issue` does with a container image, alone, for timing.
//   frlic_image_bench [--verify-read] BASE.tar OUT.tar
// Reads BASE.tar (ReadImageArchive: structure, config digest, sizes; with --verify-read also
// every layer's digest in that first pass), writes OUT.tar from it plus a small layer
// (WriteImage: base layers re-verified as they are copied, file hashed while written), then
// re-reads OUT.tar and the added layer's files. Prints what it wrote; exit 1 on an error.
#include <cstdio>
#include <cstring>
#include <string>

#include "frlic/artifact/image/image_archive.h"
#include "frlic/artifact/image/image_writer.h"

namespace {

int Fail(const frlic::Error& error) {
  std::fprintf(stderr, "frlic_image_bench: error: %s\n", error.message().c_str());
  if (!error.hint().empty())
    std::fprintf(stderr, "frlic_image_bench: hint: %s\n", error.hint().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  bool verify_read = false;
  int first = 1;
  if (argc > 1 && std::strcmp(argv[1], "--verify-read") == 0) {
    verify_read = true;
    first = 2;
  }
  if (argc - first != 2) {
    std::fprintf(stderr, "usage: frlic_image_bench [--verify-read] BASE.tar OUT.tar\n");
    return 2;
  }
  const std::string base_path = argv[first];
  const std::string out_path = argv[first + 1];

  auto base = frlic::ReadImageArchive(base_path, {.verify_layers = verify_read});
  if (!base.ok()) return Fail(base.error());

  frlic::NewImage image;
  image.tag = "bench";
  image.layer.push_back({"app/config/license", frlic::Bytes(2048, 'L'), 0644});
  image.labels["org.opencontainers.image.title"] = "frlic bench";
  image.port = 8080;
  image.created_by = "frlic_image_bench";
  image.created = 1767225600;  // 2026-01-01T00:00:00Z
  auto written = frlic::WriteImage(*base, image, out_path);
  if (!written.ok()) return Fail(written.error());

  // The re-read before reporting success: the layers were hashed while written.
  auto again = frlic::ReadImageArchive(out_path, {.verify_layers = false});
  if (!again.ok()) return Fail(again.error());
  auto files = frlic::ReadLayerFiles(*again, again->layers.size() - 1, 1 << 20);
  if (!files.ok()) return Fail(files.error());

  std::printf("%s: %llu bytes, sha256 %s, manifest %s, %zu layers\n", out_path.c_str(),
              static_cast<unsigned long long>(written->size), written->sha256.c_str(),
              written->manifest_digest.c_str(), again->layers.size());
  return 0;
}
