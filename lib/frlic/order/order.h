// The order: what business staff write in order.yaml. One schema for all four methods
// (docs/formats.md, "Order"). An Order object exists only if it passed validation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frlic/core/status.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"

namespace frlic {

enum class Method { kLocalContainer, kPrivateCloud, kContainerPrivateCloud, kPublicCloud };

// "local-container", "private-cloud", "container-private-cloud", "public-cloud".
const char* MethodName(Method method);
std::optional<Method> ParseMethod(std::string_view name);

// An inclusive IPv4 range; a single address has first == last. Host byte order.
struct IpRange {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  bool Contains(std::uint32_t address) const { return first <= address && address <= last; }
  bool operator==(const IpRange&) const = default;
};
// "a.b.c.d" (strict dotted quad, each part 0..255 without leading zeros) to host order.
// Syntax only: 0.0.0.0 parses; the order's bounds are ParseIpRange's.
std::optional<std::uint32_t> ParseIpv4(std::string_view text);
std::string FormatIpv4(std::uint32_t address);
// The lowest address an order may name (docs/formats.md section 4.1: "1.0.0.0 to 255.255.255.255").
inline constexpr std::uint32_t kLowestAllowedIpv4 = 0x01000000;
// "a.b.c.d" or "a.b.c.d - e.f.g.h" (spaces around '-' optional), both ends within
// kLowestAllowedIpv4..255.255.255.255 and first <= last. On failure `why`, if given, gets
// the reason as a sentence fragment ("ends before it starts").
std::optional<IpRange> ParseIpRange(std::string_view text, std::string* why = nullptr);
std::string FormatIpRange(const IpRange& range);  // canonical: "a.b.c.d" or "a.b.c.d - e.f.g.h"
// Whether the whole range lies inside one of the private blocks product servers use
// (docs/formats.md section 4.1: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 and the shared
// address space 100.64.0.0/10). Manual 001 asks for "FineDataLink IP addresses (private only)".
bool IsPrivateRange(const IpRange& range);
// "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10", for messages.
std::string PrivateBlocksText();

struct ProductVersion {
  std::string name;     // FineDataLink | FineReport | FineBI
  std::string version;  // the minor version the licence certifies, e.g. "4.1"
  std::string build;    // the JAR package build the customer reported, e.g. "4.1.5-20240105"
  bool operator==(const ProductVersion&) const = default;
};

// The licence terms: everything an artifact grants. Reissue keeps them unchanged.
struct Terms {
  Method method = Method::kLocalContainer;
  std::string company;
  std::string project;
  CivilDate contract_date;
  ProductVersion product;
  std::int64_t capacity = 1;           // cluster nodes / connections / projects
  CivilDate expires;                   // last valid day (inclusive, UTC)
  std::vector<std::string> app_names;  // empty: no restriction
  std::string project_content;         // empty: no restriction (local container)
  std::vector<IpRange> ip_ranges;      // private cloud: required
  std::string domain;                  // authorization server domain, optional
  std::optional<std::uint32_t> public_ip;
  // The access port: container private cloud (default 18081 when issued) and private cloud
  // (the licence server's, default 8081 when issued).
  std::optional<std::uint16_t> port;
  std::string account_name;           // public cloud, optional
  std::vector<std::string> features;  // function points
  bool operator==(const Terms&) const = default;
};

// Canonical JSON of the terms, as embedded in signed payloads and the ledger
// (docs/formats.md, "Terms"). Optional fields that are empty are omitted.
Json TermsToJson(const Terms& terms);
// Reads terms back from a verified payload; kMalformed with every problem found.
Result<Terms> TermsFromJson(const Json& json, const std::string& file);

// Reads payload["terms"] of a signed payload issued for `method`: appends every problem
// (missing, invalid, another method) to `problems`, and sets `*terms` when they are valid.
void ReadPayloadTerms(const Json& payload, Method method, const std::string& file, Terms* terms,
                      std::vector<Problem>* problems);

class Order {
 public:
  // Parses and validates order YAML. On failure: kInvalidInput listing every problem,
  // each with file, line, column and field path. `file` names the input in messages.
  static Result<Order> Parse(std::string_view yaml_text, const std::string& file);
  static Result<Order> Load(const std::string& path);

  const std::string& order_id() const { return order_id_; }
  const Terms& terms() const { return terms_; }
  Method method() const { return terms_.method; }
  // Business facts kept in the ledger, never signed: the e-mail's special requirements
  // (several lines allowed) and the address the order e-mail came from. Empty when absent.
  const std::string& notes() const { return notes_; }
  const std::string& requested_by() const { return requested_by_; }
  // What the order may get wrong without being invalid, each at its line and column: an
  // ip_ranges entry outside the private blocks (IsPrivateRange). `frlic lint` and `frlic
  // issue` show them; --strict-private-ips turns them into errors.
  const std::vector<Problem>& warnings() const { return warnings_; }
  // Where the order_id's value is written in the text parsed (1-based; 0 when unknown), so
  // that `frlic lint` can point at each file of a duplicated id.
  int order_id_line() const { return order_id_line_; }
  int order_id_column() const { return order_id_column_; }

 private:
  Order(std::string order_id, Terms terms, std::string notes, std::string requested_by,
        std::vector<Problem> warnings)
      : order_id_(std::move(order_id)),
        terms_(std::move(terms)),
        notes_(std::move(notes)),
        requested_by_(std::move(requested_by)),
        warnings_(std::move(warnings)) {}
  std::string order_id_;
  Terms terms_;
  std::string notes_;
  std::string requested_by_;
  std::vector<Problem> warnings_;
  int order_id_line_ = 0;
  int order_id_column_ = 0;
};

}  // namespace frlic
