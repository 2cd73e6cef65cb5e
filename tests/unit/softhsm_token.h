// A SoftHSM2 token of its own for a test (Debian's softhsm2, which scripts/install-deps.sh
// installs): a configuration and token directory under the test's temporary directory, a token
// initialized with softhsm2-util, and the pkcs11: URI of a key on it. A missing SoftHSM fails
// the test: nothing is skipped.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace frlic::softhsm_test {

inline constexpr char kUserPin[] = "4321";
inline constexpr char kTokenLabel[] = "frlic-test";

// The SoftHSM2 module, or "" when it is not installed.
inline std::string ModulePath() {
  for (const char* path :
       {"/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"}) {
    if (std::filesystem::exists(path)) return path;
  }
  return "";
}

// Creates the token under `dir` and points SOFTHSM2_CONF at it (the module reads it when it
// is initialized, which every TokenKey::Open does). "" on success, else what failed.
inline std::string InitToken(const std::filesystem::path& dir) {
  if (ModulePath().empty()) return "SoftHSM2 is not installed: apt-get install softhsm2";
  std::filesystem::create_directories(dir / "tokens");
  const std::string conf = (dir / "softhsm2.conf").string();
  std::ofstream(conf) << "directories.tokendir = " << (dir / "tokens").string()
                      << "\nobjectstore.backend = file\nlog.level = ERROR\n";
  ::setenv("SOFTHSM2_CONF", conf.c_str(), 1);
  const std::string command = std::string("softhsm2-util --init-token --free --label ") +
                              kTokenLabel + " --so-pin 87654321 --pin " + kUserPin +
                              " >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) return "softhsm2-util --init-token failed";
  return "";
}

// The URI of the key `object` on the test token, with the module's path.
inline std::string KeyUri(const std::string& object) {
  return std::string("pkcs11:token=") + kTokenLabel + ";object=" + object +
         "?module-path=" + ModulePath();
}

}  // namespace frlic::softhsm_test
