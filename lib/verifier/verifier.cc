// The verifier library's API (include/frlic/verifier.h) over frlic's own readers and verdicts:
// the same code frlic check and frlic-sim run, so the library and the tools cannot disagree.
#include "frlic/verifier.h"

#include "frlic/core/time.h"
#include "frlic/keys/keyring.h"
#include "frlic/licence/component_licence.h"
#include "frlic/licence/container_licence.h"
#include "frlic/licence/registration_verdict.h"
#include "frlic/licence/server_licence.h"

namespace frlic::verifier {
namespace {

// An error in words: its message and each problem found.
std::string Describe(const Error& error) {
  std::string text = error.message();
  for (const Problem& problem : error.problems()) text += "; " + FormatProblem(problem);
  return text;
}

}  // namespace

std::string Version() { return FRLIC_VERSION; }

struct TrustedKeys::Impl {
  Keyring keyring;
};

TrustedKeys::TrustedKeys(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TrustedKeys::TrustedKeys(TrustedKeys&&) noexcept = default;
TrustedKeys& TrustedKeys::operator=(TrustedKeys&&) noexcept = default;
TrustedKeys::~TrustedKeys() = default;

std::optional<TrustedKeys> TrustedKeys::FromPem(const std::vector<std::string>& pems,
                                                std::string* error) {
  auto keyring = Keyring::FromPublicKeys(pems);
  if (!keyring.ok()) {
    if (error != nullptr) *error = Describe(keyring.error());
    return std::nullopt;
  }
  return TrustedKeys(std::make_unique<Impl>(Impl{std::move(keyring).value()}));
}

std::vector<std::string> TrustedKeys::key_ids() const {
  std::vector<std::string> ids;
  for (const KeyEntry& key : impl_->keyring.keys()) ids.push_back(key.key_id);
  return ids;
}

ContainerVerdict CheckContainerLicence(std::span<const std::uint8_t> file, const TrustedKeys& keys,
                                       const DeploymentFacts& facts) {
  frlic::DeploymentFacts known;
  known.product = facts.product;
  known.version = facts.version;
  known.app_name = facts.app_name;
  known.nodes = facts.nodes;
  known.project_content = facts.project_content;
  const frlic::ContainerVerdict judged = frlic::CheckContainerLicence(
      ByteView(file.data(), file.size()), keys.impl().keyring, known, facts.now, "Container.lic");
  ContainerVerdict verdict;
  verdict.accepted = judged.accepted();
  for (const FailureReason& reason : judged.reasons) {
    verdict.reasons.push_back(ContainerFailureName(reason.failure));
    verdict.prompts.push_back(reason.prompt);
  }
  verdict.format_error = judged.format_error;
  verdict.not_checked = judged.not_checked;
  if (judged.licence) {
    verdict.serial = judged.licence->serial;
    verdict.order_id = judged.licence->order_id;
    verdict.key_id = judged.licence->key_id;
    verdict.expires = FormatDate(judged.licence->terms.expires);
  }
  return verdict;
}

struct SignedLicence::Impl {
  std::string serial;
  std::string order_id;
  std::string key_id;
  Terms terms;
  std::uint16_t port = 0;
};

SignedLicence::SignedLicence(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SignedLicence::SignedLicence(SignedLicence&&) noexcept = default;
SignedLicence& SignedLicence::operator=(SignedLicence&&) noexcept = default;
SignedLicence::~SignedLicence() = default;

std::optional<SignedLicence> SignedLicence::OpenServerLicence(std::span<const std::uint8_t> file,
                                                              const TrustedKeys& keys,
                                                              std::string* error) {
  auto opened = frlic::OpenServerLicence(ByteView(file.data(), file.size()), keys.impl().keyring,
                                         "license.json");
  if (!opened.ok()) {
    if (error != nullptr) *error = Describe(opened.error());
    return std::nullopt;
  }
  const std::uint16_t port = ServerPort(opened->terms);
  return SignedLicence(std::make_unique<Impl>(
      Impl{opened->serial, opened->order_id, opened->key_id, std::move(opened->terms), port}));
}

std::optional<SignedLicence> SignedLicence::OpenComponentLicence(std::span<const std::uint8_t> file,
                                                                 const TrustedKeys& keys,
                                                                 std::string* error) {
  auto opened = frlic::OpenComponentLicence(ByteView(file.data(), file.size()), keys.impl().keyring,
                                            "license.json");
  if (!opened.ok()) {
    if (error != nullptr) *error = Describe(opened.error());
    return std::nullopt;
  }
  const std::uint16_t port = ComponentPort(opened->terms);
  return SignedLicence(std::make_unique<Impl>(
      Impl{opened->serial, opened->order_id, opened->key_id, std::move(opened->terms), port}));
}

const std::string& SignedLicence::serial() const { return impl_->serial; }
const std::string& SignedLicence::order_id() const { return impl_->order_id; }
const std::string& SignedLicence::key_id() const { return impl_->key_id; }
std::string SignedLicence::expires() const { return FormatDate(impl_->terms.expires); }
std::int64_t SignedLicence::capacity() const { return impl_->terms.capacity; }
std::uint16_t SignedLicence::port() const { return impl_->port; }

ServerAnswer SignedLicence::Judge(std::string_view request_json, std::int64_t now) const {
  const ServerVerdict verdict = ExplainRegistrationRequest(impl_->terms, request_json, now);
  return ServerAnswer{static_cast<int>(verdict.code), ServerCodeName(verdict.code), verdict.detail};
}

}  // namespace frlic::verifier
