// FanruanLicenseServer.zip (lib/frlic/artifact/server_package_reader): ReadServerPackage of the
// input as a zip, then the platform check and the licence inside, as `frlic inspect` and the
// reference licence server read a package.
#include "frlic/artifact/server_package.h"
#include "frlic/licence/server_licence.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frlic;
  const std::string& path = fuzz::InputFile(data, size);
  auto contents = ReadServerPackage(path);
  if (!fuzz::Accepted(contents, "ReadServerPackage")) return 0;
  for (Platform platform : kAllPlatforms) {
    (void)CheckPackagePlatform(*contents, platform, path);
  }
  (void)fuzz::Accepted(
      OpenServerLicence(AsBytes(contents->licence_envelope), fuzz::ExampleKeyring(), path),
      "OpenServerLicence");
  return 0;
}
