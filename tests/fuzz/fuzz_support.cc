#include "fuzz_support.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

namespace frlic::fuzz {
namespace {

namespace fs = std::filesystem;

// One temp directory per process, removed when it exits normally. Never destroyed (the
// exit handler that removes the directory may run after static destructors would have).
const std::string& WorkDirectory() {
  static const std::string* const directory = [] {
    const char* tmp = std::getenv("TMPDIR");
    auto* pattern = new std::string(std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                                    "/frlic-fuzz-XXXXXX");
    if (::mkdtemp(pattern->data()) == nullptr) Fail("cannot create a temp directory");
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(WorkDirectory(), ignored);
    });
    return pattern;
  }();
  return *directory;
}

}  // namespace

void Fail(std::string_view what) {
  std::fprintf(stderr, "frlic fuzz: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

void RequireExplained(const Error& error, std::string_view reader) {
  if (error.message().empty()) {
    Fail(std::string(reader) + " refused an input without saying why (code " +
         ErrorCodeName(error.code()) + ")");
  }
}

const std::string& InputFile(const std::uint8_t* data, std::size_t size) {
  static const std::string path = WorkDirectory() + "/input";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) Fail("cannot write " + path);
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = ::write(fd, data + written, size - written);
    if (n <= 0) Fail("cannot write " + path);
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return path;
}

const Keyring& ExampleKeyring() {
  static const Keyring keyring = [] {
    const std::string directory = WorkDirectory() + "/keys";
    fs::copy(FRLIC_SOURCE_DIR "/keys-example", directory);
    ::chmod(directory.c_str(), 0700);
    for (const auto& entry : fs::directory_iterator(directory)) {
      const auto& name = entry.path();
      if (name.extension() == ".key" || name.filename() == "keyring.json") {
        ::chmod(name.c_str(), 0600);
      }
    }
    auto loaded = Keyring::Load(directory);
    if (!loaded.ok()) Fail("cannot load the example keyring: " + loaded.error().message());
    return std::move(loaded).value();
  }();
  return keyring;
}

const RifKey& ExampleRifKey() {
  static const RifKey key = [] {
    std::ifstream in(FRLIC_SOURCE_DIR "/keys-example/PASSPHRASE", std::ios::binary);
    std::string passphrase{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    while (!passphrase.empty() && passphrase.back() == '\n') passphrase.pop_back();
    auto unlocked =
        ExampleKeyring().UnlockRifKey(SecretBytes::CopyFrom(std::string_view(passphrase)));
    if (!unlocked.ok()) Fail("cannot unlock the example RIF key: " + unlocked.error().message());
    return std::move(unlocked).value();
  }();
  return key;
}

}  // namespace frlic::fuzz
