// The activation page's client addresses (frlic/activation/client_address): parsing,
// loopback, rate limit buckets, proxy ranges and X-Forwarded-For.
#include <gtest/gtest.h>

#include "frlic/activation/client_address.h"

namespace frlic {
namespace {

IpAddress Address(const std::string& text) {
  auto address = ParseIpAddress(text);
  EXPECT_TRUE(address) << text;
  return address.value_or(IpAddress{});
}

std::vector<ProxyRange> TrustedRanges(std::initializer_list<const char*> texts) {
  std::vector<ProxyRange> ranges;
  for (const char* text : texts) {
    auto range = ParseProxyRange(text);
    EXPECT_TRUE(range) << text;
    if (range) ranges.push_back(*range);
  }
  return ranges;
}

TEST(ClientAddress, ParsesAddressesOnlyNeverNames) {
  EXPECT_EQ(FormatIpAddress(Address("192.0.2.1")), "192.0.2.1");
  EXPECT_FALSE(Address("192.0.2.1").v6);
  EXPECT_EQ(FormatIpAddress(Address("2001:DB8:0:0::1")), "2001:db8::1");
  EXPECT_EQ(FormatIpAddress(Address("[2001:db8::1]")), "2001:db8::1");
  // IPv4-mapped IPv6 is the IPv4 address.
  EXPECT_EQ(Address("::ffff:192.0.2.1"), Address("192.0.2.1"));
  for (const char* bad : {"", "localhost", "127.evil.example", "127.0.0.1.evil.example", "192.0.2",
                          "192.0.2.256", "0x7f.0.0.1", "192.0.2.1:8080", "[192.0.2.1]",
                          "2001:db8::1%eth0", "2001:db8::g", " 192.0.2.1", "unknown"}) {
    EXPECT_FALSE(ParseIpAddress(bad)) << bad;
  }
}

TEST(ClientAddress, LoopbackIsDecidedOnTheParsedAddress) {
  for (const char* yes : {"127.0.0.1", "127.1.2.3", "127.255.255.255", "::1", "::ffff:127.0.0.1",
                          "0:0:0:0:0:0:0:1"}) {
    EXPECT_TRUE(IsLoopback(Address(yes))) << yes;
  }
  for (const char* no : {"128.0.0.1", "126.255.255.255", "0.0.0.0", "::", "::2", "::127.0.0.1",
                         "192.0.2.127", "2001:db8::1"}) {
    EXPECT_FALSE(IsLoopback(Address(no))) << no;
  }
  // A name is not an address at all, so it cannot pass as loopback.
  EXPECT_FALSE(ParseIpAddress("127.evil.example"));
}

TEST(ClientAddress, BucketsAreIpv4AddressesAndIpv6Slash64s) {
  EXPECT_EQ(RateLimitKey(Address("192.0.2.1")), "192.0.2.1");
  EXPECT_NE(RateLimitKey(Address("192.0.2.1")), RateLimitKey(Address("192.0.2.2")));
  EXPECT_EQ(RateLimitKey(Address("::ffff:192.0.2.1")), "192.0.2.1");
  EXPECT_EQ(RateLimitKey(Address("2001:db8:1:2:aaaa:bbbb:cccc:dddd")), "2001:db8:1:2::/64");
  EXPECT_EQ(RateLimitKey(Address("2001:db8:1:2::1")),
            RateLimitKey(Address("2001:db8:1:2:ffff::9")));
  EXPECT_NE(RateLimitKey(Address("2001:db8:1:2::1")), RateLimitKey(Address("2001:db8:1:3::1")));
}

TEST(ClientAddress, Ranges) {
  auto ten = ParseProxyRange("10.0.0.0/8");
  ASSERT_TRUE(ten);
  EXPECT_TRUE(InProxyRange(*ten, Address("10.255.1.2")));
  EXPECT_FALSE(InProxyRange(*ten, Address("11.0.0.1")));
  EXPECT_FALSE(InProxyRange(*ten, Address("::ffff:11.0.0.1")));
  EXPECT_TRUE(InProxyRange(*ten, Address("::ffff:10.0.0.1")));
  auto host = ParseProxyRange("192.0.2.7");
  ASSERT_TRUE(host);
  EXPECT_TRUE(InProxyRange(*host, Address("192.0.2.7")));
  EXPECT_FALSE(InProxyRange(*host, Address("192.0.2.8")));
  auto v6 = ParseProxyRange("2001:db8::/32");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(InProxyRange(*v6, Address("2001:db8:ffff::1")));
  EXPECT_FALSE(InProxyRange(*v6, Address("2001:db9::1")));
  EXPECT_FALSE(InProxyRange(*v6, Address("10.0.0.1")));
  auto mapped = ParseProxyRange("::ffff:10.0.0.0/104");
  ASSERT_TRUE(mapped);
  EXPECT_TRUE(InProxyRange(*mapped, Address("10.1.2.3")));
  auto odd = ParseProxyRange("192.0.2.64/26");
  ASSERT_TRUE(odd);
  EXPECT_TRUE(InProxyRange(*odd, Address("192.0.2.127")));
  EXPECT_FALSE(InProxyRange(*odd, Address("192.0.2.128")));
  EXPECT_TRUE(ParseProxyRange("0.0.0.0/0"));
  for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8x",
                          "2001:db8::/129", "proxy.example/8", "10.0.0.0/0008"}) {
    EXPECT_FALSE(ParseProxyRange(bad)) << bad;
  }
}

TEST(ClientAddress, ForwardedForIsIgnoredWithoutATrustedProxy) {
  const IpAddress peer = Address("203.0.113.9");
  EXPECT_EQ(ClientAddress(peer, {"198.51.100.1"}, {}), peer);
  // With trusted proxies, but the peer is not one: it is the client, whatever it claims.
  EXPECT_EQ(ClientAddress(peer, {"198.51.100.1"}, TrustedRanges({"127.0.0.1", "10.0.0.0/8"})),
            peer);
}

TEST(ClientAddress, TheRightMostUntrustedHopIsTheClient) {
  const auto trusted = TrustedRanges({"127.0.0.1", "10.0.0.0/8"});
  const IpAddress proxy = Address("127.0.0.1");
  EXPECT_EQ(ClientAddress(proxy, {"198.51.100.1"}, trusted), Address("198.51.100.1"));
  // The client may prepend anything: only the hops our proxies appended count.
  EXPECT_EQ(ClientAddress(proxy, {"1.2.3.4, 198.51.100.1"}, trusted), Address("198.51.100.1"));
  EXPECT_EQ(ClientAddress(proxy, {"1.2.3.4, 198.51.100.1, 10.1.1.1"}, trusted),
            Address("198.51.100.1"));
  // Several headers are one list, in order.
  EXPECT_EQ(ClientAddress(proxy, {"1.2.3.4", "198.51.100.1 ,10.1.1.1"}, trusted),
            Address("198.51.100.1"));
  EXPECT_EQ(ClientAddress(proxy, {" 2001:db8::5 "}, trusted), Address("2001:db8::5"));
  // No header, or only trusted hops: the farthest trusted hop.
  EXPECT_EQ(ClientAddress(proxy, {}, trusted), proxy);
  EXPECT_EQ(ClientAddress(proxy, {"10.9.9.9, 10.1.1.1"}, trusted), Address("10.9.9.9"));
  // A hop that is not an address stops the walk at the last trusted hop.
  EXPECT_EQ(ClientAddress(proxy, {"198.51.100.1, unknown"}, trusted), proxy);
  EXPECT_EQ(ClientAddress(proxy, {"198.51.100.1, garbage, 10.1.1.1"}, trusted),
            Address("10.1.1.1"));
  EXPECT_EQ(ClientAddress(proxy, {"198.51.100.1,"}, trusted), proxy);
}

}  // namespace
}  // namespace frlic
