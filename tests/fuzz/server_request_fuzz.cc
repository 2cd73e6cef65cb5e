// The reference licence server's reading of a product's request (lib/frlic/customer/
// server_request) against the golden server licence: the input is the request JSON.
// CheckServerRequest and ExplainServerRequest agree, and every refusal has its reason.
#include <fstream>
#include <iterator>

#include "frlic/customer/server_request.h"
#include "fuzz_support.h"

namespace {

const frlic::ServerLicence& GoldenServerLicence() {
  static const frlic::ServerLicence licence = [] {
    std::ifstream in(FRLIC_SOURCE_DIR "/tests/vectors/server-license/golden.json",
                     std::ios::binary);
    const std::string file{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto opened =
        frlic::OpenServerLicence(frlic::AsBytes(file), frlic::fuzz::ExampleKeyring(), "golden");
    if (!opened.ok()) frlic::fuzz::Fail("golden server licence: " + opened.error().message());
    return std::move(opened).value();
  }();
  return licence;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frlic;
  const UnixSeconds now = 1795420800;  // 2026-11-23T08:00:00Z, inside the licence's term
  const std::string_view request = fuzz::Text(data, size);
  const ServerCode code = CheckServerRequest(GoldenServerLicence(), request, now);
  const ServerVerdict verdict = ExplainServerRequest(GoldenServerLicence(), request, now);
  if (verdict.code != code) fuzz::Fail("CheckServerRequest and ExplainServerRequest disagree");
  if ((code == ServerCode::kOk) != verdict.detail.empty()) {
    fuzz::Fail("a request's verdict and its reason disagree");
  }
  return 0;
}
