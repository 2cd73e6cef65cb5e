// Who a request to the activation page (frlic serve) comes from, for the per-client rate
// limit: the peer's address parsed (never compared as a string), the proxy header read only
// when the peer is a proxy the operator named (--trust-proxy), and the bucket a client
// falls in (an IPv4 address; an IPv6 /64, because one host holds a whole /64 and can rotate
// through it).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frlic {

struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4: the first 4 bytes

  bool operator==(const IpAddress&) const = default;
};

// "192.0.2.1", "2001:db8::1", "[2001:db8::1]" (brackets allowed, no port, no zone). An
// IPv4-mapped IPv6 address (::ffff:192.0.2.1) is the IPv4 address. nullopt for anything
// else, host names included.
std::optional<IpAddress> ParseIpAddress(std::string_view text);
// Canonical text: dotted quad, or RFC 5952 IPv6 (inet_ntop).
std::string FormatIpAddress(const IpAddress& address);
// 127.0.0.0/8 and ::1 (an IPv4-mapped loopback address is IPv4 after parsing).
bool IsLoopback(const IpAddress& address);

// The rate limit bucket of a client: "192.0.2.1" for IPv4, "2001:db8:1:2::/64" for IPv6.
std::string RateLimitKey(const IpAddress& address);

// An address or a CIDR range: "10.0.0.0/8", "2001:db8::/32", "192.0.2.7" (a single host).
struct ProxyRange {
  IpAddress base;  // with the host bits cleared
  int prefix = 0;
};
std::optional<ProxyRange> ParseProxyRange(std::string_view text);
bool InProxyRange(const ProxyRange& range, const IpAddress& address);

// The client of a request that reached us from `peer`. When `peer` is in one of the
// `trusted` proxy ranges, the X-Forwarded-For values (each header's value, in the order
// received; each a comma-separated list, the nearest hop last) are walked from the right:
// trusted hops are skipped and the first untrusted hop is the client. A hop that is not an
// IP address ends the walk at the last trusted hop, so a forged or garbled header can only
// put its sender in the proxy's bucket. Without trusted proxies, or when the peer is not
// one, the header is ignored and the peer is the client.
IpAddress ClientAddress(const IpAddress& peer, const std::vector<std::string>& forwarded_for,
                        const std::vector<ProxyRange>& trusted);

}  // namespace frlic
