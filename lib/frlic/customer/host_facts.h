// The facts the machine tool reads from the host it runs on (Linux; macOS only its platform).
// Each reader takes a root directory ("/" on a real host) so tests can use a fake tree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "frlic/core/status.h"
#include "frlic/machine/machine_info.h"

namespace frlic {

// ROOT/etc/machine-id, else ROOT/var/lib/dbus/machine-id: the first line, without
// surrounding whitespace. kNotFound naming both files when neither exists; kInvalidInput
// when the id is empty.
Result<std::string> ReadHostMachineId(const std::string& root = "/");

// The MAC addresses of the host's physical network interfaces, canonical, sorted, unique:
// ROOT/sys/class/net/IF/address for every IF that has a "device" entry (virtual interfaces,
// such as bridges, veth, tun, ifb, docker0, get new addresses when re-created and would make
// the fingerprint unstable), is not loopback (type 772 or name "lo"), and whose address is 6
// octets and not all zero. kNotFound when there is none, naming the interfaces skipped.
Result<std::vector<std::string>> ReadHostMacs(const std::string& root = "/");

// The PRETTY_NAME of ROOT/etc/os-release, else ROOT/usr/lib/os-release (unquoted as the
// os-release format says). kNotFound naming the files when absent or without PRETTY_NAME.
Result<std::string> ReadHostOs(const std::string& root = "/");

// gethostname(). kIo on failure, kInvalidInput when empty.
Result<std::string> ReadHostHostname();

// uname(): Linux x86_64/amd64 -> linux-amd64; i386..i686 -> linux-i386; armv6l/armv7l/
// armv8l/arm -> linux-arm32; aarch64/arm64 -> linux-arm64; Darwin -> macos.
Result<Platform> ReadHostPlatform();
// The mapping above, for a given uname sysname and machine. kInvalidInput naming them when
// frlic has no server binary for that platform.
Result<Platform> PlatformFromUname(std::string_view sysname, std::string_view machine);

}  // namespace frlic
