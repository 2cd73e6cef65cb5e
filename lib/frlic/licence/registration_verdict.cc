// A licence server's answer to a product's registration (docs/formats.md sections 8.3 and 9.8):
// only the first failing reason is reported.
#include "frlic/licence/registration_verdict.h"

#include <algorithm>

#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/licence/container_licence.h"

namespace frlic {
namespace {

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string JoinNames(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The request's members, or the 10000/10001 verdict that stops the check.
std::optional<ServerVerdict> ReadRegistrationRequest(std::string_view text,
                                                     RegistrationFacts* facts) {
  auto parsed = ParseStrictJson(text, "the request");
  if (!parsed.ok()) return ServerVerdict{ServerCode::kJsonParserError, parsed.error().message()};
  const Json& json = *parsed;
  auto bad = [](std::string detail) {
    return ServerVerdict{ServerCode::kParamInputError, std::move(detail)};
  };
  for (auto it = json.begin(); it != json.end(); ++it) {
    static constexpr std::string_view kKnown[] = {"ip",    "product",  "version",
                                                  "nodes", "app_name", "domain"};
    if (std::find(std::begin(kKnown), std::end(kKnown), it.key()) == std::end(kKnown)) {
      return bad("unknown member \"" + it.key() + "\"");
    }
  }
  // A non-empty string member, or nullopt when absent; a verdict when present but wrong.
  std::optional<ServerVerdict> problem;
  auto text_member = [&](const char* key, bool required) -> std::optional<std::string> {
    auto it = json.find(key);
    if (it == json.end()) {
      if (required) problem = bad(std::string("member \"") + key + "\" is missing");
      return std::nullopt;
    }
    if (!it->is_string() || it->get<std::string>().empty()) {
      problem = bad(std::string("member \"") + key + "\" must be a non-empty string");
      return std::nullopt;
    }
    return it->get<std::string>();
  };
  auto ip = text_member("ip", true);
  if (problem) return problem;
  auto address = ParseIpv4(*ip);
  if (!address) return bad("ip \"" + *ip + "\" is not an IPv4 address a.b.c.d");
  facts->ip = *address;
  facts->product = text_member("product", true);
  if (problem) return problem;
  facts->version = text_member("version", true);
  if (problem) return problem;
  auto nodes = json.find("nodes");
  if (nodes == json.end()) return bad("member \"nodes\" is missing");
  if (!nodes->is_number_integer() ||
      (nodes->is_number_unsigned() && nodes->get<std::uint64_t>() > INT64_MAX) ||
      nodes->get<std::int64_t>() < 1) {
    return bad("member \"nodes\" must be a whole number of at least 1, found " + nodes->dump());
  }
  facts->nodes = nodes->get<std::int64_t>();
  facts->app_name = text_member("app_name", false);
  if (problem) return problem;
  facts->domain = text_member("domain", false);
  if (problem) return problem;
  return std::nullopt;
}

}  // namespace

const char* ServerCodeName(ServerCode code) {
  switch (code) {
    case ServerCode::kOk:
      return "OK";
    case ServerCode::kJsonParserError:
      return "JSON_PARSER_ERROR";
    case ServerCode::kParamInputError:
      return "PARAM_INPUT_ERROR";
    case ServerCode::kDoNotNeedDeactivate:
      return "DO_NOT_NEED_DEACTIVATE";
    case ServerCode::kLicenseExpired:
      return "LICENSE_EXPIRED";
    case ServerCode::kReportVersionError:
      return "REPORT_VERSION_ERROR";
    case ServerCode::kAccountStatusError:
      return "ACCOUNT_STATUS_ERROR";
    case ServerCode::kLicenseIpError:
      return "LICENSE_IP_ERROR";
    case ServerCode::kLicenseDomainError:
      return "LICENSE_DOMAIN_ERROR";
    case ServerCode::kLicenseAppnameError:
      return "LICENSE_APPNAME_ERROR";
    case ServerCode::kAccountInputError:
      return "ACCOUNT_INPUT_ERROR";
    case ServerCode::kRegisterOutOfLimit:
      return "REGISTER_OUT_OF_LIMIT";
  }
  return "UNKNOWN";
}

RegistrationVerdict JudgeRegistration(const Terms& terms, const RegistrationFacts& facts,
                                      FactsAre mode, UnixSeconds now) {
  RegistrationVerdict result;
  const bool partial = mode == FactsAre::kPartial;
  // Every fact the terms restrict but the caller did not state; listed whatever the verdict.
  auto unknown = [&](bool restricted, bool given, const char* name) {
    if (partial && restricted && !given) result.not_checked.push_back(name);
  };
  unknown(!terms.ip_ranges.empty(), facts.ip.has_value(), "ip");
  unknown(true, facts.product.has_value(), "product");
  unknown(!terms.product.version.empty(), facts.version.has_value(), "product-version");
  unknown(!terms.domain.empty(), facts.domain.has_value(), "domain");
  unknown(!terms.app_names.empty(), facts.app_name.has_value(), "app-name");
  unknown(true, facts.nodes.has_value(), "nodes");

  ServerVerdict& verdict = result.verdict;
  if (IsExpired(terms.expires, now)) {
    verdict = {ServerCode::kLicenseExpired, "the licence was valid through " +
                                                FormatDate(terms.expires) + " (UTC); now is " +
                                                FormatInstant(now)};
    return result;
  }
  if ((facts.product && *facts.product != terms.product.name) ||
      (facts.version && !VersionMatches(terms.product.version, *facts.version))) {
    verdict = {ServerCode::kReportVersionError,
               "the licence certifies " + terms.product.name + " " + terms.product.version +
                   "; the request is from " + facts.product.value_or(terms.product.name) + " " +
                   facts.version.value_or("(version not given)")};
    return result;
  }
  // Only a private-cloud licence names the products' addresses; a component licence has no
  // ip_ranges and never checks the address (section 9.8).
  if (!terms.ip_ranges.empty() && facts.ip &&
      std::none_of(terms.ip_ranges.begin(), terms.ip_ranges.end(),
                   [&](const IpRange& range) { return range.Contains(*facts.ip); })) {
    std::vector<std::string> ranges;
    for (const auto& range : terms.ip_ranges) ranges.push_back(FormatIpRange(range));
    verdict = {ServerCode::kLicenseIpError,
               "ip " + FormatIpv4(*facts.ip) + " is in none of " + JoinNames(ranges)};
    return result;
  }
  if (!terms.domain.empty() && facts.domain &&
      LowerAscii(*facts.domain) != LowerAscii(terms.domain)) {
    verdict = {ServerCode::kLicenseDomainError, "the licence names the domain " + terms.domain +
                                                    "; the request names " + *facts.domain};
    return result;
  }
  const bool app_name_unknown = partial && !facts.app_name;
  if (!terms.app_names.empty() && !app_name_unknown &&
      (!facts.app_name || std::find(terms.app_names.begin(), terms.app_names.end(),
                                    *facts.app_name) == terms.app_names.end())) {
    verdict = {ServerCode::kLicenseAppnameError,
               (facts.app_name ? "app name " + *facts.app_name : std::string("no app name")) +
                   " is not one of " + JoinNames(terms.app_names)};
    return result;
  }
  if (facts.nodes && *facts.nodes > terms.capacity) {
    verdict = {ServerCode::kRegisterOutOfLimit, std::to_string(*facts.nodes) +
                                                    " registrations exceed the capacity of " +
                                                    std::to_string(terms.capacity)};
    return result;
  }
  return result;
}

ServerVerdict ExplainRegistrationRequest(const Terms& terms, std::string_view request_json,
                                         UnixSeconds now) {
  RegistrationFacts facts;
  if (auto verdict = ReadRegistrationRequest(request_json, &facts)) return *verdict;
  return JudgeRegistration(terms, facts, FactsAre::kRequest, now).verdict;
}

}  // namespace frlic
