// IPv4 addresses and ranges as business staff copy them from the customer's e-mail
// (docs/formats.md section 4.1: "192.168.100.25 - 192.168.100.26 or 192.168.0.1").
#include <charconv>

#include "frlic/order/order.h"

namespace frlic {
namespace {

// Strict dotted quad. Leading zeros are refused because some tools read them as octal
// (010 = 8), so "010.1.1.1" could mean two different hosts.
std::optional<std::uint32_t> ParseIpv4Explained(std::string_view text, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<std::uint32_t> {
    if (why != nullptr) *why = std::move(reason);
    return std::nullopt;
  };
  std::uint32_t address = 0;
  std::size_t start = 0;
  for (int part = 0; part < 4; ++part) {
    std::size_t end = part < 3 ? text.find('.', start) : text.size();
    if (end == std::string_view::npos) return fail("is not four numbers separated by dots");
    std::string_view digits = text.substr(start, end - start);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return fail("is not four numbers separated by dots");
    }
    if (digits.size() > 1 && digits[0] == '0') {
      return fail("has a leading zero in \"" + std::string(digits) + "\"");
    }
    unsigned value = 256;  // stays above 255 when the digits do not fit
    if (digits.size() <= 3) std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (value > 255) return fail("has the part " + std::string(digits) + ", above 255");
    address = address << 8 | value;
    start = end + 1;
  }
  return address;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::uint32_t> ParseIpv4(std::string_view text) {
  return ParseIpv4Explained(text, nullptr);
}

std::string FormatIpv4(std::uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string(address >> 16 & 0xff) + "." +
         std::to_string(address >> 8 & 0xff) + "." + std::to_string(address & 0xff);
}

std::optional<IpRange> ParseIpRange(std::string_view text, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<IpRange> {
    if (why != nullptr) *why = std::move(reason);
    return std::nullopt;
  };
  std::string reason;
  std::size_t dash = text.find('-');
  if (dash == std::string_view::npos) {
    auto address = ParseIpv4Explained(text, &reason);
    if (!address) return fail(reason);
    if (*address < kLowestAllowedIpv4) return fail("is below 1.0.0.0");
    return IpRange{*address, *address};
  }
  // Only spaces may surround the dash; the addresses themselves are strict.
  auto first = ParseIpv4Explained(TrimSpaces(text.substr(0, dash)), &reason);
  if (!first) return fail("starts with an address that " + reason);
  auto last = ParseIpv4Explained(TrimSpaces(text.substr(dash + 1)), &reason);
  if (!last) return fail("ends with an address that " + reason);
  if (*first < kLowestAllowedIpv4) return fail("starts below 1.0.0.0");
  if (*last < *first) return fail("ends before it starts");
  return IpRange{*first, *last};
}

namespace {

struct PrivateBlock {
  IpRange range;
  const char* name;
};
constexpr PrivateBlock kPrivateBlocks[] = {
    {{0x0a000000, 0x0affffff}, "10.0.0.0/8"},
    {{0xac100000, 0xac1fffff}, "172.16.0.0/12"},
    {{0xc0a80000, 0xc0a8ffff}, "192.168.0.0/16"},
    // RFC 6598 shared address space: not routed on the internet, used inside carrier and
    // cloud networks the way the RFC 1918 blocks are.
    {{0x64400000, 0x647fffff}, "100.64.0.0/10"},
};

}  // namespace

bool IsPrivateRange(const IpRange& range) {
  for (const auto& block : kPrivateBlocks) {
    if (block.range.Contains(range.first) && block.range.Contains(range.last)) return true;
  }
  return false;
}

std::string PrivateBlocksText() {
  std::string text;
  for (const auto& block : kPrivateBlocks)
    text += (text.empty() ? "" : ", ") + std::string(block.name);
  return text;
}

std::string FormatIpRange(const IpRange& range) {
  if (range.first == range.last) return FormatIpv4(range.first);
  return FormatIpv4(range.first) + " - " + FormatIpv4(range.last);
}

}  // namespace frlic
