// MachineInfo.rif (lib/frlic/machine): the input is tried as the file (header, then opened with
// the example RIF key) and as the sealed plaintext (ParseMachineInfoJson, which a mutated sealed
// box never reaches). Accepted plaintext is byte-identical to ToJson() of what it read.
#include "frlic/machine/machine_info.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frlic;
  const ByteView bytes = fuzz::View(data, size);
  auto key_id = RifKeyIdOf(bytes, "MachineInfo.rif");
  auto opened = OpenMachineInfo(bytes, fuzz::ExampleRifKey(), "MachineInfo.rif");
  (void)fuzz::Accepted(key_id, "RifKeyIdOf");
  if (fuzz::Accepted(opened, "OpenMachineInfo") && !key_id.ok()) {
    fuzz::Fail("a RIF opened whose header names no key");
  }

  const std::string_view text = fuzz::Text(data, size);
  auto info = ParseMachineInfoJson(text, "machine.json");
  if (fuzz::Accepted(info, "ParseMachineInfoJson") && info->ToJson() != text) {
    fuzz::Fail("accepted machine info that is not its canonical form");
  }
  return 0;
}
