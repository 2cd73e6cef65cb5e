// frlic_image_bench: what `frlic issue` does with a container image, alone, for timing.
//   frlic_image_bench [--verify-read] [--phases] BASE.tar OUT.tar
// Reads BASE.tar (ReadImageArchive: structure, config digest, sizes; with --verify-read also
// every layer's digest in that first pass), writes OUT.tar from it plus a small layer
// (WriteImage: base layers verified as they are copied, file hashed while written) through
// StagedFile as issue does (temp file, fsync, rename, fsync of the directory), then re-reads
// OUT.tar and the added layer's files. Prints what it wrote; with --phases also how long each
// step took (stderr). Exit 1 on an error.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "frlic/artifact/image/image_archive.h"
#include "frlic/artifact/image/image_writer.h"
#include "frlic/core/files.h"

namespace {

int Fail(const frlic::Error& error) {
  std::fprintf(stderr, "frlic_image_bench: error: %s\n", error.message().c_str());
  if (!error.hint().empty())
    std::fprintf(stderr, "frlic_image_bench: hint: %s\n", error.hint().c_str());
  return 1;
}

// Prints the time since the previous call (or since the start), when enabled.
class PhaseClock {
 public:
  explicit PhaseClock(bool enabled) : enabled_(enabled) {}
  void Lap(const char* phase) {
    const auto now = std::chrono::steady_clock::now();
    if (enabled_) {
      std::fprintf(stderr, "phase %-28s %7.1f ms\n", phase,
                   std::chrono::duration<double, std::milli>(now - last_).count());
    }
    last_ = now;
  }

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace

int main(int argc, char** argv) {
  bool verify_read = false;
  bool phases = false;
  int first = 1;
  for (; first < argc && argv[first][0] == '-'; ++first) {
    if (std::strcmp(argv[first], "--verify-read") == 0) {
      verify_read = true;
    } else if (std::strcmp(argv[first], "--phases") == 0) {
      phases = true;
    } else {
      break;
    }
  }
  if (argc - first != 2) {
    std::fprintf(stderr, "usage: frlic_image_bench [--verify-read] [--phases] BASE.tar OUT.tar\n");
    return 2;
  }
  const std::string base_path = argv[first];
  const std::string out_path = argv[first + 1];
  PhaseClock clock(phases);

  auto base = frlic::ReadImageArchive(base_path, {.verify_layers = verify_read});
  if (!base.ok()) return Fail(base.error());
  clock.Lap("read base (ReadImageArchive)");

  frlic::NewImage image;
  image.tag = "bench";
  image.layer.push_back({"app/config/license", frlic::Bytes(2048, 'L'), 0644});
  image.labels["org.opencontainers.image.title"] = "frlic bench";
  image.port = 8080;
  image.created_by = "frlic_image_bench";
  image.created = 1767225600;  // 2026-01-01T00:00:00Z
  frlic::WrittenImage written;
  auto staged =
      frlic::StagedFile::StageWith(out_path, {}, [&](const std::string& temp) -> frlic::Status {
        auto result = frlic::WriteImage(*base, image, temp);
        if (!result.ok()) return std::move(result).error();
        written = std::move(result).value();
        clock.Lap("write image (WriteImage)");
        return frlic::Ok();
      });
  if (!staged.ok()) return Fail(staged.error());
  clock.Lap("fsync of the staged file");

  // The re-read before reporting success: the layers were hashed while written.
  auto again = frlic::ReadImageArchive(staged->temp_path(), {.verify_layers = false});
  if (!again.ok()) return Fail(again.error());
  auto files = frlic::ReadLayerFiles(*again, again->layers.size() - 1, 1 << 20);
  if (!files.ok()) return Fail(files.error());
  clock.Lap("re-read of the output");
  frlic::Status committed = staged->Commit();
  if (!committed.ok()) return Fail(committed.error());
  clock.Lap("rename, fsync of the directory");

  std::printf("%s: %llu bytes, sha256 %s, manifest %s, %zu layers\n", out_path.c_str(),
              static_cast<unsigned long long>(written.size), written.sha256.c_str(),
              written.manifest_digest.c_str(), again->layers.size());
  return 0;
}
