#include "frlic/customer/host_facts.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "frlic/core/files.h"

namespace frlic {
namespace {

constexpr std::uint64_t kMaxFactFile = 64 * 1024;

std::string Under(const std::string& root, std::string_view relative) {
  return (std::filesystem::path(root.empty() ? "/" : root) / relative).string();
}

std::string_view Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// Reads a small text file; nullopt-like error only for absence (kNotFound), others pass up.
Result<std::string> ReadText(const std::string& path) {
  FRLIC_ASSIGN_OR_RETURN(Bytes bytes, ReadFile(path, kMaxFactFile));
  return std::string(AsText(bytes));
}

// One os-release value: unquoted, "double quoted" (with \" \\ \$ \` escapes) or 'single'.
std::string OsReleaseValue(std::string_view raw) {
  raw = Trim(raw);
  if (raw.size() >= 2 && raw.front() == '\'' && raw.back() == '\'') {
    return std::string(raw.substr(1, raw.size() - 2));
  }
  if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') {
    raw = raw.substr(1, raw.size() - 2);
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '\\' && i + 1 < raw.size() && std::strchr("\"\\$`", raw[i + 1]) != nullptr) {
        ++i;
      }
      out += raw[i];
    }
    return out;
  }
  return std::string(raw);
}

}  // namespace

Result<std::string> ReadHostMachineId(const std::string& root) {
  const std::string primary = Under(root, "etc/machine-id");
  const std::string fallback = Under(root, "var/lib/dbus/machine-id");
  for (const std::string& path : {primary, fallback}) {
    auto text = ReadText(path);
    if (!text.ok()) {
      if (text.error().code() == ErrorCode::kNotFound) continue;
      return std::move(text).error();
    }
    const std::string_view id = Trim(std::string_view(*text).substr(0, text->find('\n')));
    if (id.empty()) {
      return Error(ErrorCode::kInvalidInput, path + " is empty: the host has no machine id",
                   "run systemd-machine-id-setup (or dbus-uuidgen --ensure), or pass "
                   "--machine-id");
    }
    return std::string(id);
  }
  return Error(
      ErrorCode::kNotFound,
      "cannot read the host's machine id: neither " + primary + " nor " + fallback + " exists",
      "run systemd-machine-id-setup (or dbus-uuidgen --ensure), or pass --machine-id");
}

Result<std::vector<std::string>> ReadHostMacs(const std::string& root) {
  const std::string net = Under(root, "sys/class/net");
  std::error_code error;
  std::filesystem::directory_iterator it(net, error);
  if (error) {
    return Error(ErrorCode::kNotFound,
                 "cannot list the network interfaces in " + net + ": " + error.message(),
                 "pass the licence server's MAC addresses with --mac");
  }
  std::vector<std::string> names;
  for (; it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (error) break;
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> macs;
  std::vector<std::string> skipped;
  for (const std::string& name : names) {
    const std::filesystem::path dir = std::filesystem::path(net) / name;
    auto type = ReadText((dir / "type").string());
    if (name == "lo" || (type.ok() && Trim(*type) == "772")) {
      skipped.push_back(name + " (loopback)");
      continue;
    }
    if (!std::filesystem::exists(dir / "device", error)) {
      skipped.push_back(name + " (virtual)");
      continue;
    }
    auto address = ReadText((dir / "address").string());
    if (!address.ok()) {
      skipped.push_back(name + " (no address)");
      continue;
    }
    auto mac = CanonicalMac(Trim(*address));
    if (!mac) {
      skipped.push_back(name + " (not an Ethernet address)");
      continue;
    }
    if (*mac == "00:00:00:00:00:00") {
      skipped.push_back(name + " (all-zero address)");
      continue;
    }
    macs.push_back(*mac);
  }
  if (macs.empty()) {
    std::string list;
    for (const auto& s : skipped) list += (list.empty() ? "" : ", ") + s;
    return Error(ErrorCode::kNotFound,
                 "no physical network interface with a MAC address in " + net +
                     (list.empty() ? std::string() : " (skipped: " + list + ")"),
                 "the licence server needs a host with fixed hardware; pass its MAC addresses "
                 "with --mac");
  }
  std::sort(macs.begin(), macs.end());
  macs.erase(std::unique(macs.begin(), macs.end()), macs.end());
  return macs;
}

Result<std::string> ReadHostOs(const std::string& root) {
  const std::string primary = Under(root, "etc/os-release");
  const std::string fallback = Under(root, "usr/lib/os-release");
  // os-release(5): /etc/os-release if it exists, else /usr/lib/os-release.
  std::string path = primary;
  auto text = ReadText(primary);
  if (!text.ok() && text.error().code() == ErrorCode::kNotFound) {
    path = fallback;
    text = ReadText(fallback);
    if (!text.ok() && text.error().code() == ErrorCode::kNotFound) {
      return Error(ErrorCode::kNotFound,
                   "cannot read the host's operating system: neither " + primary + " nor " +
                       fallback + " exists",
                   "pass --os \"NAME VERSION\"");
    }
  }
  if (!text.ok()) return std::move(text).error();
  std::optional<std::string> pretty;
  std::string_view rest = *text;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    std::string_view line = Trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    constexpr std::string_view kKey = "PRETTY_NAME=";
    if (line.substr(0, kKey.size()) == kKey) pretty = OsReleaseValue(line.substr(kKey.size()));
  }
  if (!pretty || pretty->empty()) {
    return Error(ErrorCode::kNotFound, path + " has no PRETTY_NAME", "pass --os \"NAME VERSION\"");
  }
  return *pretty;
}

Result<std::string> ReadHostHostname() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) {
    return Error(ErrorCode::kIo,
                 std::string("cannot read the host name (gethostname): ") + std::strerror(errno),
                 "pass --hostname");
  }
  if (name[0] == '\0') {
    return Error(ErrorCode::kInvalidInput, "the host has an empty host name", "pass --hostname");
  }
  return std::string(name);
}

Result<Platform> PlatformFromUname(std::string_view sysname, std::string_view machine) {
  if (sysname == "Darwin") return Platform::kMacos;
  if (sysname == "Linux") {
    if (machine == "x86_64" || machine == "amd64") return Platform::kLinuxAmd64;
    if (machine == "i386" || machine == "i486" || machine == "i586" || machine == "i686") {
      return Platform::kLinuxI386;
    }
    if (machine == "armv6l" || machine == "armv7l" || machine == "armv8l" || machine == "arm") {
      return Platform::kLinuxArm32;
    }
    if (machine == "aarch64" || machine == "arm64") return Platform::kLinuxArm64;
  }
  return Error(ErrorCode::kInvalidInput,
               "there is no licence server for this host (" + std::string(sysname) + " " +
                   std::string(machine) + ")",
               "supported platforms: " + PlatformNameList() + "; pass --platform to override");
}

Result<Platform> ReadHostPlatform() {
  struct utsname host {};
  if (::uname(&host) != 0) {
    return Error(ErrorCode::kIo, std::string("uname failed: ") + std::strerror(errno),
                 "pass --platform");
  }
  return PlatformFromUname(host.sysname, host.machine);
}

}  // namespace frlic
