// A licence server's answer to a product's registration (docs/formats.md section 8.3; the
// container component's, section 9.8): seed 001's codes, only the first failing reason, computed
// from the signed terms alone. One implementation for the licence server, the container
// component and `frlic check` (support staff reproducing a customer's report), so the three can
// never disagree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frlic/core/clock.h"
#include "frlic/order/order.h"

namespace frlic {

// The licence server's answer codes (docs/formats.md section 8.3). 20000 answers an unbind for a
// machine that is not bound; 30002 and 30006 concern public-cloud accounts.
enum class ServerCode : int {
  kOk = 0,
  kJsonParserError = 10000,
  kParamInputError = 10001,
  kDoNotNeedDeactivate = 20000,
  kLicenseExpired = 30000,
  kReportVersionError = 30001,
  kAccountStatusError = 30002,
  kLicenseIpError = 30003,
  kLicenseDomainError = 30004,
  kLicenseAppnameError = 30005,
  kAccountInputError = 30006,
  kRegisterOutOfLimit = 30007,
};
const char* ServerCodeName(ServerCode code);  // "OK", "JSON_PARSER_ERROR", ...

// The verdict with the reason in words ("ip 10.1.2.3 is in none of 192.168.100.25 - ...").
struct ServerVerdict {
  ServerCode code = ServerCode::kOk;
  std::string detail;  // empty when kOk
};

// What a product states in its request (section 8.3's members). A request states every fact;
// a support engineer may know only some, so every member is optional here.
struct RegistrationFacts {
  std::optional<std::uint32_t> ip;
  std::optional<std::string> product;
  std::optional<std::string> version;
  std::optional<std::int64_t> nodes;  // registrations held with this one
  std::optional<std::string> app_name;
  std::optional<std::string> domain;
};

// How absent facts are read. kRequest: the facts are a product's complete request (an absent
// app_name is "no app name" and fails a restriction; an absent domain means the product came by
// IP and passes). kPartial: an absent fact is unknown, its check is skipped and, when the terms
// restrict it, it is named in `not_checked`.
enum class FactsAre { kRequest, kPartial };

struct RegistrationVerdict {
  ServerVerdict verdict;
  // The facts whose checks were skipped although the terms restrict them (kPartial only), named
  // as `frlic check` options: "ip", "product", "product-version", "app-name", "domain", "nodes".
  std::vector<std::string> not_checked;
};

// Section 8.3's checks after the request was read, in order: 30000 expired, 30001 product or
// version, 30003 ip (only for terms with ip_ranges: a private-cloud licence; a component
// licence has none and never checks it, section 9.8), 30004 domain, 30005 app name, 30007
// nodes > capacity. The first failing check is the verdict.
RegistrationVerdict JudgeRegistration(const Terms& terms, const RegistrationFacts& facts,
                                      FactsAre mode, UnixSeconds now);

// A product's request as JSON (section 8.3): 10000 when it is not one JSON object, 10001 for a
// member missing, unknown, of the wrong type or invalid; then JudgeRegistration(kRequest).
ServerVerdict ExplainRegistrationRequest(const Terms& terms, std::string_view request_json,
                                         UnixSeconds now);

}  // namespace frlic
