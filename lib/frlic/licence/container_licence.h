// Container.lic (local container authentication, docs/formats.md section 5): the signed payload,
// and the product's verdict on it (docs/formats.md, "Container.lic"). Library code that product
// engineers can embed: it takes the deployment's facts and "now" as inputs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/keys/keyring.h"
#include "frlic/order/order.h"

namespace frlic {

inline constexpr char kContainerLicenceType[] = "application/vnd.frlic.container-license.v1+json";
inline constexpr char kContainerLicenceFormat[] = "frlic.container-license";

struct ContainerLicence {
  std::string serial;
  std::string key_id;
  UnixSeconds issued_at = 0;
  std::string order_id;
  Terms terms;
};

// The canonical payload bytes (compact JSON, keys sorted) that get signed.
std::string ContainerLicencePayload(const ContainerLicence& licence);
// Strict reading of a verified payload: unknown fields, unknown versions, a method other
// than local-container are kMalformed.
Result<ContainerLicence> ContainerLicenceFromPayload(const Json& payload, const std::string& file);

// Verifies the envelope against the keyring and reads the payload.
Result<ContainerLicence> OpenContainerLicence(ByteView file_bytes, const Keyring& keys,
                                              const std::string& file);

// What the product knows about the deployment it runs in. An empty/absent fact skips its
// check (a support engineer may not know all of them).
struct DeploymentFacts {
  // The authentication method the product chose; empty: not checked (`frlic check` without
  // --method). The product itself always knows it.
  std::string method = "local-container";
  std::string product;                // FineDataLink, FineReport, FineBI
  std::string version;                // local version, e.g. "4.1.5"
  std::string app_name;               // local app/project name
  std::optional<std::int64_t> nodes;  // cluster nodes
  std::string project_content;        // local project content
};

// The reasons of the product's failure table (docs/formats.md section 5.1), in its order.
enum class ContainerFailure {
  kLicenseExpired,
  kVersionMismatch,
  kAppNameMismatch,
  kCapacityReached,
  kProjectContentMismatch,
  kTypeMismatch,
  kIncorrectFormat,
};
const char* ContainerFailureName(ContainerFailure failure);  // "License Expired", ...

struct FailureReason {
  ContainerFailure failure;
  std::string prompt;  // the product's specific prompt, e.g. "Expiration Date: 2027/10/31"
};

struct ContainerVerdict {
  std::vector<FailureReason> reasons;       // empty: accepted
  std::optional<ContainerLicence> licence;  // set when the file verified
  std::string format_error;                 // why it is "Incorrect License Format", when it is
  // Facts the licence restricts that were not given, so their checks were skipped, named as
  // `frlic check` options: "product", "product-version", "app-name", "nodes", "project-content",
  // "method"
  // (docs/formats.md section 5.1). Never empty-and-accepted by accident: an accepted verdict
  // with facts not checked says so.
  std::vector<std::string> not_checked;
  bool accepted() const { return reasons.empty(); }
};

// The method id for what a product calls its authentication methods ("Local Container",
// "Private Cloud", "Container Private Cloud", "Public Cloud", as the manuals spell them) or a
// method id ("local-container", ...), ignoring ASCII case and surrounding spaces; nullopt for
// anything else.
std::optional<std::string> MethodFromProductLabel(std::string_view label);

// The product's verdict: every failing reason (docs/formats.md section 5.1: "all the reasons will
// be displayed"); anything unreadable, tampered or signed by an unknown key is Incorrect License
// Format alone. The licence is valid through its expiry day, UTC.
ContainerVerdict CheckContainerLicence(ByteView file_bytes, const Keyring& keys,
                                       const DeploymentFacts& facts, UnixSeconds now,
                                       const std::string& file);

// Expired when `now` is on or after 00:00:00 UTC of the day after `expires`.
bool IsExpired(const CivilDate& expires, UnixSeconds now);
// "4.1" certifies "4.1" and "4.1.x..." but not "4.10" or "4.2".
bool VersionMatches(const std::string& certified, const std::string& local);

}  // namespace frlic
