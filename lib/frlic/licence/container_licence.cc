#include "frlic/licence/container_licence.h"

#include <algorithm>

#include "frlic/core/time.h"
#include "frlic/licence/envelope.h"

namespace frlic {
namespace {

std::string SlashDate(const CivilDate& date) {  // the product prints YYYY/MM/DD
  std::string text = FormatDate(date);
  std::replace(text.begin(), text.end(), '-', '/');
  return text;
}

}  // namespace

std::string ContainerLicencePayload(const ContainerLicence& licence) {
  Json payload = {
      {"format", kContainerLicenceFormat},
      {"version", 1},
      {"serial", licence.serial},
      {"key_id", licence.key_id},
      {"issued_at", FormatInstant(licence.issued_at)},
      {"order_id", licence.order_id},
      {"terms", TermsToJson(licence.terms)},
  };
  return payload.dump();
}

Result<ContainerLicence> ContainerLicenceFromPayload(const Json& payload, const std::string& file) {
  JsonFields fields(payload, file);
  fields.RejectUnknown({"format", "version", "serial", "key_id", "issued_at", "order_id", "terms"});
  ContainerLicence licence;
  const std::string format = fields.String("format");
  const std::int64_t version = fields.Integer("version");
  if (fields.Has("format") && format != kContainerLicenceFormat) {
    fields.Add("format", "is not a container licence", format, kContainerLicenceFormat);
  }
  if (fields.Has("version") && version != 1) {
    fields.Add("version", "is not a version this frlic reads", std::to_string(version), "1");
  }
  licence.serial = fields.String("serial");
  licence.key_id = fields.String("key_id");
  licence.order_id = fields.String("order_id");
  const std::string issued_at = fields.String("issued_at");
  if (auto when = ParseInstant(issued_at)) {
    licence.issued_at = *when;
  } else if (fields.Has("issued_at")) {
    fields.Add("issued_at", "is not a UTC instant", issued_at, "YYYY-MM-DDTHH:MM:SSZ");
  }
  if (licence.serial.empty() && fields.Has("serial")) fields.Add("serial", "is empty");
  std::vector<Problem> problems = std::move(fields.problems());
  ReadPayloadTerms(payload, Method::kLocalContainer, file, &licence.terms, &problems);
  if (!problems.empty()) {
    return Error(ErrorCode::kMalformed, file + ": the licence payload is not valid",
                 std::move(problems));
  }
  return licence;
}

Result<ContainerLicence> OpenContainerLicence(ByteView file_bytes, const Keyring& keys,
                                              const std::string& file) {
  FRLIC_ASSIGN_OR_RETURN(OpenedEnvelope opened,
                         OpenEnvelope(file_bytes, kContainerLicenceType, keys, file));
  return ContainerLicenceFromPayload(opened.payload_json, file);
}

const char* ContainerFailureName(ContainerFailure failure) {
  switch (failure) {
    case ContainerFailure::kLicenseExpired:
      return "License Expired";
    case ContainerFailure::kVersionMismatch:
      return "Version Mismatch";
    case ContainerFailure::kAppNameMismatch:
      return "App Name Mismatch";
    case ContainerFailure::kCapacityReached:
      return "Registration Capacity Reached";
    case ContainerFailure::kProjectContentMismatch:
      return "Project Content Mismatch";
    case ContainerFailure::kTypeMismatch:
      return "License Type/Version Mismatch";
    case ContainerFailure::kIncorrectFormat:
      return "Incorrect License Format";
  }
  return "Incorrect License Format";
}

std::optional<std::string> MethodFromProductLabel(std::string_view label) {
  const auto first = label.find_first_not_of(' ');
  const auto last = label.find_last_not_of(' ');
  std::string text(first == std::string_view::npos ? std::string_view()
                                                   : label.substr(first, last - first + 1));
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  // The products' labels (seeds 000-003) and the method ids.
  static constexpr std::pair<std::string_view, Method> kLabels[] = {
      {"local container", Method::kLocalContainer},
      {"private cloud", Method::kPrivateCloud},
      {"container private cloud", Method::kContainerPrivateCloud},
      {"public cloud", Method::kPublicCloud},
  };
  for (const auto& [name, method] : kLabels) {
    if (text == name || text == MethodName(method)) return std::string(MethodName(method));
  }
  return std::nullopt;
}

bool IsExpired(const CivilDate& expires, UnixSeconds now) {
  return now >= StartOfDay(expires) + 86400;
}

bool VersionMatches(const std::string& certified, const std::string& local) {
  if (certified.empty()) return true;
  if (local.size() < certified.size() || local.compare(0, certified.size(), certified) != 0) {
    return false;
  }
  return local.size() == certified.size() || local[certified.size()] == '.';
}

ContainerVerdict CheckContainerLicence(ByteView file_bytes, const Keyring& keys,
                                       const DeploymentFacts& facts, UnixSeconds now,
                                       const std::string& file) {
  ContainerVerdict verdict;
  auto opened = OpenContainerLicence(file_bytes, keys, file);
  if (!opened.ok()) {
    verdict.format_error = opened.error().message();
    verdict.reasons.push_back({ContainerFailure::kIncorrectFormat, "Incorrect License Format"});
    return verdict;
  }
  const ContainerLicence& licence = *opened;
  const Terms& terms = licence.terms;
  // A fact left out skips its check; name it when the licence restricts it (section 5.1).
  auto unknown = [&](bool restricted, bool given, const char* name) {
    if (restricted && !given) verdict.not_checked.push_back(name);
  };
  unknown(true, !facts.product.empty(), "product");
  unknown(!terms.product.version.empty(), !facts.version.empty(), "product-version");
  unknown(!terms.app_names.empty(), !facts.app_name.empty(), "app-name");
  unknown(true, facts.nodes.has_value(), "nodes");
  unknown(!terms.project_content.empty(), !facts.project_content.empty(), "project-content");
  unknown(true, !facts.method.empty(), "method");
  if (IsExpired(terms.expires, now)) {
    verdict.reasons.push_back(
        {ContainerFailure::kLicenseExpired, "Expiration Date: " + SlashDate(terms.expires)});
  }
  const bool product_differs = !facts.product.empty() && facts.product != terms.product.name;
  if (product_differs ||
      (!facts.version.empty() && !VersionMatches(terms.product.version, facts.version))) {
    std::string local = facts.product.empty() ? terms.product.name : facts.product;
    verdict.reasons.push_back({ContainerFailure::kVersionMismatch,
                               "Certified App Version: " + terms.product.name + " " +
                                   terms.product.version + " Local App Version: " + local + " " +
                                   facts.version});
  }
  if (!terms.app_names.empty() && !facts.app_name.empty() &&
      std::find(terms.app_names.begin(), terms.app_names.end(), facts.app_name) ==
          terms.app_names.end()) {
    std::string certified;
    for (const auto& name : terms.app_names) certified += (certified.empty() ? "" : ", ") + name;
    verdict.reasons.push_back(
        {ContainerFailure::kAppNameMismatch, "Certified App Project Name: " + certified +
                                                 " Local App Project Name: " + facts.app_name});
  }
  if (facts.nodes && *facts.nodes > terms.capacity) {
    verdict.reasons.push_back({ContainerFailure::kCapacityReached,
                               "The number of cluster nodes (" + std::to_string(*facts.nodes) +
                                   ") exceeds the maximum registration capacity of the license (" +
                                   std::to_string(terms.capacity) + ")."});
  }
  if (!terms.project_content.empty() && !facts.project_content.empty() &&
      facts.project_content != terms.project_content) {
    verdict.reasons.push_back({ContainerFailure::kProjectContentMismatch,
                               "Certified Project Content: " + terms.project_content +
                                   " Local Project Content: " + facts.project_content});
  }
  // The product may name its method by its label ("Local Container") or by the method id.
  if (!facts.method.empty() && MethodFromProductLabel(facts.method).value_or(facts.method) !=
                                   MethodName(Method::kLocalContainer)) {
    verdict.reasons.push_back(
        {ContainerFailure::kTypeMismatch,
         "The selected authentication method (" + facts.method +
             ") does not match the type of the uploaded license (local-container)."});
  }
  verdict.licence = std::move(opened).value();
  return verdict;
}

}  // namespace frlic
