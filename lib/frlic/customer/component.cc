#include "frlic/customer/component.h"

#include "frlic/artifact/opened_component.h"
#include "frlic/core/time.h"
#include "frlic/licence/container_licence.h"
#include "frlic/licence/private_config.h"

namespace frlic {
Result<StartedComponent> StartComponent(const std::string& image_path, const Keyring& issuer,
                                        UnixSeconds now) {
  FRLIC_ASSIGN_OR_RETURN(OpenedComponent opened, OpenComponentImage(image_path, issuer));
  // An expired licence starts, as the licence server does (section 9.3): products then get
  // 30000 to their registrations rather than no answer at all.
  const bool expired = IsExpired(opened.licence.terms.expires, now);
  return StartedComponent{std::move(opened.licence), std::move(opened.licence_sha256),
                          std::move(opened.instance_key), expired};
}

Result<std::string> ComponentPrivateConfig(const StartedComponent& component,
                                           const std::string& instance_id, std::uint16_t port,
                                           UnixSeconds now) {
  PrivateConfig config;
  config.serial = component.licence.serial;
  config.instance_id = instance_id;
  config.licence_sha256 = component.licence_sha256;
  config.deployed_at = now;
  config.port = port;
  return MakePrivateConfig(config, component.instance_key);
}

}  // namespace frlic
