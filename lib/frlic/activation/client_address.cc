#include "frlic/activation/client_address.h"

#include <arpa/inet.h>

#include <algorithm>

namespace frlic {
namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::string_view TrimHop(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool InAnyProxyRange(const std::vector<ProxyRange>& ranges, const IpAddress& address) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const ProxyRange& range) { return InProxyRange(range, address); });
}

}  // namespace

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
    if (text.find(':') == std::string_view::npos) return std::nullopt;  // "[192.0.2.1]"
  }
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string copy(text);  // inet_pton needs a terminated string
  IpAddress address;
  if (copy.find(':') == std::string::npos) {
    // inet_pton(AF_INET) takes only the dotted quad of four decimal numbers.
    if (::inet_pton(AF_INET, copy.c_str(), address.bytes.data()) != 1) return std::nullopt;
    return address;
  }
  if (::inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) != 1) return std::nullopt;
  if (std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), address.bytes.begin())) {
    IpAddress v4;
    std::copy(address.bytes.begin() + 12, address.bytes.end(), v4.bytes.begin());
    return v4;
  }
  address.v6 = true;
  return address;
}

std::string FormatIpAddress(const IpAddress& address) {
  char text[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(address.v6 ? AF_INET6 : AF_INET, address.bytes.data(), text, sizeof text);
  return text;
}

bool IsLoopback(const IpAddress& address) {
  if (!address.v6) return address.bytes[0] == 127;
  for (std::size_t i = 0; i < 15; ++i) {
    if (address.bytes[i] != 0) return false;
  }
  return address.bytes[15] == 1;
}

std::string RateLimitKey(const IpAddress& address) {
  if (!address.v6) return FormatIpAddress(address);
  IpAddress network = address;
  std::fill(network.bytes.begin() + 8, network.bytes.end(), 0);
  return FormatIpAddress(network) + "/64";
}

std::optional<ProxyRange> ParseProxyRange(std::string_view text) {
  ProxyRange range;
  const std::size_t slash = text.find('/');
  auto base = ParseIpAddress(text.substr(0, slash));
  if (!base) return std::nullopt;
  const int bits = base->v6 ? 128 : 32;
  range.prefix = bits;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3) return std::nullopt;
    int prefix = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      prefix = prefix * 10 + (c - '0');
    }
    // An IPv4-mapped range ("::ffff:10.0.0.0/104") is read as the IPv4 range it maps.
    if (!base->v6 && text.find(':') != std::string_view::npos) prefix -= 96;
    if (prefix < 0 || prefix > bits) return std::nullopt;
    range.prefix = prefix;
  }
  range.base = *base;
  for (int i = range.prefix; i < bits; ++i) {
    range.base.bytes[i / 8] &= static_cast<std::uint8_t>(~(0x80u >> (i % 8)));
  }
  return range;
}

bool InProxyRange(const ProxyRange& range, const IpAddress& address) {
  if (range.base.v6 != address.v6) return false;
  for (int i = 0; i < range.prefix; ++i) {
    const std::uint8_t mask = static_cast<std::uint8_t>(0x80u >> (i % 8));
    if ((range.base.bytes[i / 8] & mask) != (address.bytes[i / 8] & mask)) return false;
  }
  return true;
}

IpAddress ClientAddress(const IpAddress& peer, const std::vector<std::string>& forwarded_for,
                        const std::vector<ProxyRange>& trusted) {
  if (trusted.empty() || !InAnyProxyRange(trusted, peer)) return peer;
  std::vector<std::string_view> hops;
  for (const std::string& value : forwarded_for) {
    std::string_view rest = value;
    while (true) {
      const std::size_t comma = rest.find(',');
      hops.push_back(TrimHop(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  IpAddress client = peer;  // the nearest trusted hop so far
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    auto address = ParseIpAddress(*hop);
    if (!address) return client;
    if (!InAnyProxyRange(trusted, *address)) return *address;
    client = *address;
  }
  return client;
}

}  // namespace frlic
