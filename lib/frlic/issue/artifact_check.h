// `frlic check`: what the product, the licence server, the container component or the public
// cloud server would answer, computed from the signed licence (or the ledger's account) and the
// facts a support engineer was given, with no customer secret (docs/formats.md sections 5.1,
// 8.3, 9.8, 10.1). The artifact's type is read from its bytes, never from its name.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/keys/keyring.h"
#include "frlic/licence/container_licence.h"
#include "frlic/licence/registration_verdict.h"

namespace frlic {

enum class CheckedArtifact { kContainerLicence, kServerPackage, kComponentImage, kAccount };
// "container-licence", "server-package", "component-image", "public-cloud-account".
const char* CheckedArtifactName(CheckedArtifact artifact);

// What the support engineer knows. An absent fact skips its check and, when the licence
// restricts it, is listed as not checked.
struct SupportFacts {
  // The method the product chose (Container.lic only); absent: not checked ("method").
  std::optional<std::string> method;
  std::optional<std::string> product;
  std::optional<std::string> version;
  std::optional<std::string> app_name;
  std::optional<std::string> project_content;  // Container.lic only
  std::optional<std::uint32_t> ip;             // FanruanLicenseServer.zip only
  std::optional<std::string> domain;           // licence server and component
  std::optional<std::int64_t> nodes;           // cluster nodes / registrations with this one
};

struct ArtifactCheck {
  CheckedArtifact artifact = CheckedArtifact::kContainerLicence;
  std::string serial;                         // empty when the file did not verify
  std::optional<ContainerVerdict> container;  // kContainerLicence: every failing reason
  std::optional<ServerVerdict> server;        // the others: the server's first failing code
  std::vector<std::string> not_checked;       // facts restricted but not given
  // kServerPackage whose instance key -destroy deleted: the server no longer starts, so it
  // answers nothing; `server` is what its licence would answer.
  bool destroyed = false;
  bool accepted() const {
    if (destroyed) return false;
    return container ? container->accepted() : server && server->code == ServerCode::kOk;
  }
};

// Reads `path` and judges it at `now`: a zip is FanruanLicenseServer.zip (section 8.3's code), a
// tar is fanruan_license_server.tar (section 9.8's answer), anything else is read as a
// Container.lic (section 5.1; a file the product cannot read is its "Incorrect License Format").
// A package or image that does not open (bad archive, signature, instance key, label) is the
// error: the licence server or component would not start, so there is no answer. A package
// whose instance key -destroy deleted is read for its licence (ArtifactCheck::destroyed).
Result<ArtifactCheck> CheckArtifactFile(const std::string& path, const Keyring& keys,
                                        const SupportFacts& facts, UnixSeconds now);

// The public cloud server's answer to a registration with account `name` (section 10.1), first
// failing reason: 30006 wrong password (only when `password` is given, else "password" is not
// checked), 30002 account disabled or its licence not active, 30000 expired, 30007 `nodes` (the
// projects registered with this one) over the capacity ("nodes" not checked when absent).
// kNotFound for an unknown account. Read-only.
Result<ArtifactCheck> CheckAccountRegistration(const std::string& ledger_path,
                                               const std::string& name, const SecretBytes* password,
                                               std::optional<std::int64_t> nodes,
                                               const Clock& clock);

}  // namespace frlic
