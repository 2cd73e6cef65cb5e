// The container component's answer to a product's registration (docs/formats.md section 9.8,
// seed 003 "Registering the Project": products register with the component by IP and port as with
// a private cloud licence server). The request and codes are section 8.3's; the checks are the
// shared ones of frlic/licence/registration_verdict.h over the component licence's terms, which
// name no product addresses, so the address is never checked.
#pragma once

#include <string_view>

#include "frlic/core/clock.h"
#include "frlic/licence/component_licence.h"
#include "frlic/licence/registration_verdict.h"

namespace frlic {

// `request_json` is section 8.3's request; its `nodes` counts the nodes registered with the
// component, this one included. First failing: 10000, 10001, 30000, 30001, 30004, 30005, 30007.
ServerVerdict AnswerComponentRegistration(const ComponentLicence& licence,
                                          std::string_view request_json, UnixSeconds now);

}  // namespace frlic
