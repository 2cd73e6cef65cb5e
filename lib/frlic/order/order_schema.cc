// The schema of order.yaml (docs/formats.md, "Order"): which keys each mapping allows and
// what each field expects.
#include "internal/order_schema.h"

#include "internal/terms_rules.h"

namespace frlic::order_internal {
namespace {

// The schema's fields, as dotted paths, with what each expects. The keys allowed in a
// mapping are the entries one level below its path.
struct FieldSpec {
  std::string_view path;
  std::string_view expected;
};
constexpr FieldSpec kFields[] = {
    {"order_id", "an order id such as \"ORD-2026-0042\""},
    {"method", "one of local-container, private-cloud, container-private-cloud, public-cloud"},
    {"company", "the company name from the e-mail"},
    {"project", "the project name from the e-mail"},
    {"contract_date", "the contract signing date, YYYY-MM-DD"},
    {"product", "a mapping with name, version and build"},
    {"product.name", "FineDataLink, FineReport or FineBI"},
    {"product.version", "the minor version such as \"4.1\""},
    {"product.build", "the JAR package build such as \"4.1.5-20240105\""},
    {"capacity", "a whole number from 1 to 1000000"},
    {"expires", "the last valid day, YYYY-MM-DD"},
    {"app_names", "a list of app (project) names"},
    {"project_content", "the project content text"},
    {"ip_ranges", "a list of addresses or ranges such as \"192.168.100.25 - 192.168.100.26\""},
    {"server", "a mapping with domain, public_ip and port"},
    {"server.domain", "a domain name such as license.example.com"},
    {"server.public_ip", "an IPv4 address such as 203.0.113.10"},
    {"server.port", "a port number from 1 to 65535"},
    {"account", "a mapping with name"},
    {"account.name", "an account name such as \"example-trading\""},
    {"features", "a list of function point identifiers"},
    {"notes", "the e-mail's special requirements, text of up to 4000 characters (lines allowed)"},
    {"requested_by", "the e-mail address the order came from, such as buyer@example-trading.com"},
    // What each item of a list expects ("app_names[2]" looks up "app_names[]").
    {"app_names[]", "an app (project) name"},
    {"ip_ranges[]", "an address or range such as \"192.168.100.25 - 192.168.100.26\""},
    {"features[]", "a function point identifier such as \"data-sync\""},
};

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

}  // namespace

std::string_view ExpectedFor(std::string_view path) {
  std::string item;
  if (path.ends_with(']')) {
    item = std::string(path.substr(0, path.rfind('['))) + "[]";
    path = item;
  }
  for (const auto& spec : kFields) {
    if (spec.path == path) return spec.expected;
  }
  return {};
}

// The keys one level below `prefix` ("" for the top level, "product." for product).
std::vector<std::string_view> KeysUnder(std::string_view prefix) {
  std::vector<std::string_view> keys;
  for (const auto& spec : kFields) {
    if (!spec.path.starts_with(prefix) || spec.path.ends_with(']')) continue;
    std::string_view rest = spec.path.substr(prefix.size());
    if (rest.find('.') == std::string_view::npos) keys.push_back(rest);
  }
  return keys;
}

std::string Suggestion(std::string_view key, std::string_view prefix) {
  auto here = KeysUnder(prefix);
  std::string typo = order_rules::ClosestName(key, here);
  if (!typo.empty()) return "did you mean \"" + std::string(prefix) + typo + "\"?";
  if (!prefix.empty()) {
    return "one of " + Join(std::vector<std::string>(here.begin(), here.end()), ", ");
  }
  std::vector<std::string> nested;
  for (const auto& spec : kFields) {
    auto dot = spec.path.find('.');
    if (dot != std::string_view::npos && spec.path.substr(dot + 1) == key) {
      nested.emplace_back(spec.path);
    }
  }
  if (key == "account_name") nested.emplace_back("account.name");
  if (nested.empty()) return "a field of the order schema (see templates/orders/)";
  return "did you mean " + Join(nested, " or ") + "? (write it under " +
         nested[0].substr(0, nested[0].find('.')) + ":)";
}

}  // namespace frlic::order_internal
