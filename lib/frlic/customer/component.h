// The reference container component's file-handling part (frlic-sim component): what the
// real component checks when its image starts, and the privateConfig it writes to its data
// directory (docs/formats.md section 9.5: "the automatically generated privateConfig file in
// /app/config").
#pragma once

#include <string>

#include "frlic/artifact/component_image.h"
#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/keys/ed25519.h"
#include "frlic/keys/keyring.h"
#include "frlic/licence/component_licence.h"

namespace frlic {

struct StartedComponent {
  ComponentLicence licence;
  std::string licence_sha256;  // of /app/config/license.json's bytes
  Ed25519PrivateKey instance_key;
  // The licence has expired: the component still starts and answers 30000 to every product
  // registration (section 9.8).
  bool expired = false;
};

// Start checks, in order: the image archive reads and every digest in it verifies; its top
// layer holds app/config/license.json and app/config/instance.key; the licence verifies
// against the issuer's keys; the instance key is the licence's; the image's labels name the
// licence's serial. An expired licence starts (StartedComponent::expired).
Result<StartedComponent> StartComponent(const std::string& image_path, const Keyring& issuer,
                                        UnixSeconds now);

// The privateConfig of a deployment of `component` on `port` at `now`: signed by the instance
// key. `instance_id` is the deployment's id (kept across restarts by the caller).
Result<std::string> ComponentPrivateConfig(const StartedComponent& component,
                                           const std::string& instance_id, std::uint16_t port,
                                           UnixSeconds now);

}  // namespace frlic
