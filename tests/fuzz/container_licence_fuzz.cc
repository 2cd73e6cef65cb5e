// Container.lic (lib/frlic/licence/container_licence): the input is tried as the file (the
// product's verdict against the example keyring) and as a payload (the strict reader behind
// the signature, which the fuzzer could not reach through a signature). An accepted payload's
// canonical form reads back to the same canonical form.
#include "frlic/licence/container_licence.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frlic;
  DeploymentFacts facts;
  facts.product = "FineDataLink";
  facts.version = "4.1.5";
  facts.app_name = "webroot";
  facts.nodes = 2;
  facts.project_content = "sales-analytics-prod";
  const UnixSeconds now = 1795420800;  // 2026-11-23T08:00:00Z, the vectors' day
  const ContainerVerdict verdict = CheckContainerLicence(
      fuzz::View(data, size), fuzz::ExampleKeyring(), facts, now, "Container.lic");
  if (!verdict.licence.has_value() && verdict.accepted()) fuzz::Fail("accepted without a licence");
  if (!verdict.licence.has_value() && verdict.format_error.empty()) {
    fuzz::Fail("an unreadable Container.lic without a reason");
  }

  auto payload = ParseStrictJson(fuzz::Text(data, size), "payload");
  if (!fuzz::Accepted(payload, "ParseStrictJson")) return 0;
  auto licence = ContainerLicenceFromPayload(*payload, "payload");
  if (!fuzz::Accepted(licence, "ContainerLicenceFromPayload")) return 0;
  const std::string canonical = ContainerLicencePayload(*licence);
  auto reparsed = ParseStrictJson(canonical, "canonical");
  if (!reparsed.ok()) fuzz::Fail("a canonical payload is not strict JSON");
  auto again = ContainerLicenceFromPayload(*reparsed, "canonical");
  if (!again.ok() || ContainerLicencePayload(*again) != canonical) {
    fuzz::Fail("an accepted Container.lic payload does not read back the same");
  }
  return 0;
}
