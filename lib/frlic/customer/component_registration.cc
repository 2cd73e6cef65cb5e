#include "frlic/customer/component_registration.h"

namespace frlic {

ServerVerdict AnswerComponentRegistration(const ComponentLicence& licence,
                                          std::string_view request_json, UnixSeconds now) {
  // A component licence has no ip_ranges (order rule, section 4.1), so the shared checks skip
  // 30003; everything else is the licence server's verdict.
  return ExplainRegistrationRequest(licence.terms, request_json, now);
}

}  // namespace frlic
