// The licence server's verdict on a product's registration request (docs/formats.md section 8.3):
// the shared checks of frlic/licence/registration_verdict over the server licence's terms.
#include "frlic/customer/server_request.h"

namespace frlic {

ServerVerdict ExplainServerRequest(const ServerLicence& licence, std::string_view request_json,
                                   UnixSeconds now) {
  return ExplainRegistrationRequest(licence.terms, request_json, now);
}

ServerCode CheckServerRequest(const ServerLicence& licence, std::string_view request_json,
                              UnixSeconds now) {
  return ExplainServerRequest(licence, request_json, now).code;
}

}  // namespace frlic
