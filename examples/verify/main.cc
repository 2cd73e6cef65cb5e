// How a product uses frlic's verifier library (include/frlic/verifier.h):
//   verify_example container KEY.pem FILE NOW PRODUCT VERSION APP NODES CONTENT
//       prints "accepted", or the product's reasons joined by ","
//   verify_example server|component KEY.pem FILE NOW REQUEST_JSON
//       FILE is the licence server's config/license.json, or the container component's
//       /app/config/license.json: prints the server's (the component's) code for the request, or
//       "unreadable: ..." when the file does not verify
// NOW is Unix seconds (UTC). Exit 0 whenever a verdict was given, 2 for a usage error.
#include <frlic/verifier.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace {

std::vector<std::uint8_t> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string ReadText(const std::string& path) {
  std::vector<std::uint8_t> bytes = ReadAll(path);
  return {bytes.begin(), bytes.end()};
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() < 4) {
    std::cerr << "usage: verify_example container|server|component KEY.pem FILE NOW ...\n";
    return 2;
  }
  std::string error;
  auto keys = frlic::verifier::TrustedKeys::FromPem({ReadText(args[1])}, &error);
  if (!keys) {
    std::cerr << "bad key: " << error << "\n";
    return 2;
  }
  const std::vector<std::uint8_t> file = ReadAll(args[2]);
  const std::int64_t now = std::stoll(args[3]);
  if (args[0] == "container" && args.size() == 9) {
    frlic::verifier::DeploymentFacts facts;
    facts.product = args[4];
    facts.version = args[5];
    facts.app_name = args[6];
    facts.nodes = std::stoll(args[7]);
    facts.project_content = args[8];
    facts.now = now;
    const auto verdict = frlic::verifier::CheckContainerLicence(file, *keys, facts);
    if (verdict.accepted) {
      std::cout << "accepted\n";
    } else {
      for (std::size_t i = 0; i < verdict.reasons.size(); ++i) {
        std::cout << (i == 0 ? "" : ",") << verdict.reasons[i];
      }
      std::cout << "\n";
    }
    return 0;
  }
  if ((args[0] == "server" || args[0] == "component") && args.size() == 5) {
    auto licence = args[0] == "server"
                       ? frlic::verifier::SignedLicence::OpenServerLicence(file, *keys, &error)
                       : frlic::verifier::SignedLicence::OpenComponentLicence(file, *keys, &error);
    if (!licence) {
      std::cout << "unreadable: " << error << "\n";
      return 0;
    }
    std::cout << licence->Judge(args[4], now).code << "\n";
    return 0;
  }
  std::cerr << "usage: verify_example container|server|component KEY.pem FILE NOW ...\n";
  return 2;
}
