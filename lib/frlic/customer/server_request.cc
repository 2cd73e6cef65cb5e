// The licence server's verdict on a product's registration request (docs/formats.md section 8.3):
// only the first failing reason is reported.
#include "frlic/customer/server_request.h"

#include <algorithm>
#include <optional>

#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/licence/container_licence.h"

namespace frlic {
namespace {

struct Request {
  std::uint32_t ip = 0;
  std::string product;
  std::string version;
  std::int64_t nodes = 0;
  std::optional<std::string> app_name;
  std::optional<std::string> domain;
};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The request's members, or the 10000/10001 verdict that stops the check.
std::optional<ServerVerdict> ReadRequest(std::string_view text, Request* request) {
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
  request->ip = *address;
  request->product = text_member("product", true).value_or("");
  if (problem) return problem;
  request->version = text_member("version", true).value_or("");
  if (problem) return problem;
  auto nodes = json.find("nodes");
  if (nodes == json.end()) return bad("member \"nodes\" is missing");
  if (!nodes->is_number_integer() ||
      (nodes->is_number_unsigned() && nodes->get<std::uint64_t>() > INT64_MAX) ||
      nodes->get<std::int64_t>() < 1) {
    return bad("member \"nodes\" must be a whole number of at least 1, found " + nodes->dump());
  }
  request->nodes = nodes->get<std::int64_t>();
  request->app_name = text_member("app_name", false);
  if (problem) return problem;
  request->domain = text_member("domain", false);
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

ServerVerdict ExplainServerRequest(const ServerLicence& licence, std::string_view request_json,
                                   UnixSeconds now) {
  Request request;
  if (auto verdict = ReadRequest(request_json, &request)) return *verdict;
  const Terms& terms = licence.terms;
  if (IsExpired(terms.expires, now)) {
    return {ServerCode::kLicenseExpired, "the licence was valid through " +
                                             FormatDate(terms.expires) + " (UTC); now is " +
                                             FormatInstant(now)};
  }
  if (request.product != terms.product.name ||
      !VersionMatches(terms.product.version, request.version)) {
    return {ServerCode::kReportVersionError, "the licence certifies " + terms.product.name + " " +
                                                 terms.product.version + "; the request is from " +
                                                 request.product + " " + request.version};
  }
  if (std::none_of(terms.ip_ranges.begin(), terms.ip_ranges.end(),
                   [&](const IpRange& range) { return range.Contains(request.ip); })) {
    std::vector<std::string> ranges;
    for (const auto& range : terms.ip_ranges) ranges.push_back(FormatIpRange(range));
    return {ServerCode::kLicenseIpError,
            "ip " + FormatIpv4(request.ip) + " is in none of " + Join(ranges)};
  }
  if (!terms.domain.empty() && request.domain && Lower(*request.domain) != Lower(terms.domain)) {
    return {ServerCode::kLicenseDomainError, "the licence names the domain " + terms.domain +
                                                 "; the request names " + *request.domain};
  }
  if (!terms.app_names.empty() &&
      (!request.app_name || std::find(terms.app_names.begin(), terms.app_names.end(),
                                      *request.app_name) == terms.app_names.end())) {
    return {ServerCode::kLicenseAppnameError,
            (request.app_name ? "app name " + *request.app_name : std::string("no app name")) +
                " is not one of " + Join(terms.app_names)};
  }
  if (request.nodes > terms.capacity) {
    return {ServerCode::kRegisterOutOfLimit, std::to_string(request.nodes) +
                                                 " registrations exceed the capacity of " +
                                                 std::to_string(terms.capacity)};
  }
  return {ServerCode::kOk, {}};
}

ServerCode CheckServerRequest(const ServerLicence& licence, std::string_view request_json,
                              UnixSeconds now) {
  return ExplainServerRequest(licence, request_json, now).code;
}

}  // namespace frlic
