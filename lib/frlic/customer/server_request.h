// The reference licence server's verdict on a product's registration request (docs/formats.md
// section 8.3: the first failing code only), computed from the signed server licence. The checks
// themselves are frlic/licence/registration_verdict.h, shared with the container component and
// `frlic check`.
#pragma once

#include <string>
#include <string_view>

#include "frlic/core/clock.h"
#include "frlic/licence/registration_verdict.h"
#include "frlic/licence/server_licence.h"

namespace frlic {

// A product's request, as JSON: {"ip": "a.b.c.d", "app_name": "...", "domain": "...",
// "product": "FineDataLink", "version": "4.1.5", "nodes": N}. ip, product, version, nodes
// required; app_name and domain optional; no other member. Not a JSON object (or a key
// twice) → 10000; a member missing, unknown, of the wrong type or invalid → 10001. Then,
// first failing: 30000 expired, 30001 product/version, 30003 ip outside every range,
// 30004 domain (when the licence names one and the request names another, ignoring ASCII
// case), 30005 app name (when the licence restricts them and the request's is not listed or
// absent), 30007 nodes > capacity.
ServerCode CheckServerRequest(const ServerLicence& licence, std::string_view request_json,
                              UnixSeconds now);

// The same verdict with the reason in words, for support staff reproducing a customer's
// report ("ip 10.1.2.3 is in none of 192.168.100.25 - 192.168.100.26").
ServerVerdict ExplainServerRequest(const ServerLicence& licence, std::string_view request_json,
                                   UnixSeconds now);

}  // namespace frlic
