// Canonical JSON of the terms (docs/formats.md, "Terms"). The writer omits what is empty, so
// the reader refuses empty values: each Terms has exactly one JSON form, and
// TermsFromJson(TermsToJson(t)) == t.
#include <set>

#include "frlic/order/order.h"
#include "internal/terms_rules.h"

namespace frlic {
namespace {

using order_rules::Check;
using order_rules::MethodField;
using order_rules::Usage;

// Records the violation, if any, against `key`; true if there was one.
bool Report(JsonFields& fields, const std::string& key, const std::string& found,
            const Check& check) {
  if (!check) return false;
  fields.Add(key, check->message, order_rules::Quote(found), check->expected);
  return true;
}

// The string at `key` if it is there, a string and passes `check`; otherwise nullopt with the
// problem recorded (JsonFields records a missing key, so ask for optional keys only if present).
template <typename CheckFn>
std::optional<std::string> String(JsonFields& fields, const std::string& key, CheckFn check) {
  std::size_t before = fields.problems().size();
  std::string text = fields.String(key);
  if (fields.problems().size() != before || Report(fields, key, text, check(text))) {
    return std::nullopt;
  }
  return text;
}

template <typename CheckFn>
std::optional<std::int64_t> Integer(JsonFields& fields, const std::string& key, CheckFn check) {
  std::size_t before = fields.problems().size();
  std::int64_t value = fields.Integer(key);
  if (fields.problems().size() != before ||
      Report(fields, key, std::to_string(value), check(value))) {
    return std::nullopt;
  }
  return value;
}

Check NameCheck(std::string_view text) {
  return order_rules::CheckText(text, order_rules::kMaxNameChars);
}

class TermsReader {
 public:
  TermsReader(const Json& json, const std::string& file)
      : json_(json), fields_(json, file, "terms.") {}

  Result<Terms> Read() {
    if (!json_.is_object()) {
      return Error(ErrorCode::kMalformed, fields_.file() + ": the terms are not a JSON object",
                   {Problem{fields_.file(), 0, 0, "terms", "is not an object", json_.type_name(),
                            "an object"}});
    }
    fields_.RejectUnknown({"method", "company", "project", "contract_date", "expires", "product",
                           "capacity", "app_names", "project_content", "ip_ranges", "domain",
                           "public_ip", "port", "account_name", "features"});
    Method method = Method::kLocalContainer;
    if (String(fields_, "method", [&](std::string_view text) {
          return order_rules::ParseMethodText(text, &method);
        })) {
      method_ = method;
      terms_.method = method;
    }
    terms_.company = String(fields_, "company", NameCheck).value_or("");
    if (Present(MethodField::kProject, "project")) {
      terms_.project = String(fields_, "project", NameCheck).value_or("");
    }
    auto contract = String(fields_, "contract_date", [&](std::string_view text) {
      return order_rules::ParseDateText(text, &terms_.contract_date);
    });
    auto expires = String(fields_, "expires", [&](std::string_view text) {
      return order_rules::ParseDateText(text, &terms_.expires);
    });
    if (contract && expires) {
      Report(fields_, "expires", *expires,
             order_rules::CheckExpiry(terms_.contract_date, terms_.expires));
    }
    ReadProduct();
    terms_.capacity = Integer(fields_, "capacity", order_rules::CheckCapacity).value_or(1);
    if (fields_.Has("app_names")) {
      terms_.app_names = List("app_names", /*allow_empty=*/false, NameCheck);
    }
    if (Present(MethodField::kProjectContent, "project_content")) {
      terms_.project_content = String(fields_, "project_content", [](std::string_view text) {
                                 return order_rules::CheckText(text, order_rules::kMaxContentChars);
                               }).value_or("");
    }
    ReadIpRanges();
    if (Present(MethodField::kServer, "domain")) {
      terms_.domain = String(fields_, "domain", order_rules::CheckDomain).value_or("");
    }
    if (Present(MethodField::kServer, "public_ip")) {
      std::uint32_t address = 0;
      if (String(fields_, "public_ip", [&](std::string_view text) {
            return order_rules::ParsePublicIpText(text, &address);
          })) {
        terms_.public_ip = address;
      }
    }
    if (Present(MethodField::kPort, "port")) {
      if (auto port = Integer(fields_, "port", order_rules::CheckPort)) {
        terms_.port = static_cast<std::uint16_t>(*port);
      }
    }
    if (Present(MethodField::kAccount, "account_name")) {
      terms_.account_name =
          String(fields_, "account_name", order_rules::CheckAccountName).value_or("");
    }
    // Always present, so a reader can tell "no function points" from a truncated payload.
    terms_.features = List("features", /*allow_empty=*/true, order_rules::CheckFeature);

    if (!fields_.problems().empty()) {
      std::size_t count = fields_.problems().size();
      return Error(ErrorCode::kMalformed,
                   fields_.file() + ": the terms have " + std::to_string(count) +
                       (count == 1 ? " problem" : " problems"),
                   std::move(fields_.problems()));
    }
    return std::move(terms_);
  }

 private:
  // Whether a method-dependent field is there to be read: reports it when the method does not
  // use it, or requires it and it is missing. Without a valid method, present fields are read.
  bool Present(MethodField field, const std::string& key) {
    if (!method_) return fields_.Has(key);
    Usage usage = order_rules::UsageOf(field, *method_);
    if (usage == Usage::kUnused && fields_.Has(key)) {
      auto not_used = order_rules::NotUsed(field, *method_);
      fields_.Add(key, not_used.message, {}, not_used.expected);
      return false;
    }
    if (usage == Usage::kRequired && !fields_.Has(key)) {
      fields_.Add(key, std::string("is required for method ") + MethodName(*method_));
      return false;
    }
    return fields_.Has(key);
  }

  template <typename CheckFn>
  std::vector<std::string> List(const std::string& key, bool allow_empty, CheckFn check) {
    std::vector<std::string> items;
    const Json* array = fields_.Array(key);
    if (array == nullptr) return items;
    if (array->empty() && !allow_empty) fields_.Add(key, "is empty; canonical terms omit it");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < array->size(); ++i) {
      std::string item_key = key + "[" + std::to_string(i) + "]";
      const Json& item = (*array)[i];
      if (!item.is_string()) {
        fields_.Add(item_key, "has the wrong type", item.type_name(), "a string");
        continue;
      }
      std::string text = item.get<std::string>();
      if (Report(fields_, item_key, text, check(text))) continue;
      if (!seen.insert(text).second) {
        fields_.Add(item_key, "repeats an earlier entry", order_rules::Quote(text),
                    "each entry once");
        continue;
      }
      items.push_back(text);
    }
    return items;
  }

  void ReadProduct() {
    const Json* object = fields_.Object("product");
    if (object == nullptr) return;
    JsonFields inner(*object, fields_.file(), "terms.product.");
    inner.RejectUnknown({"name", "version", "build"});
    ProductVersion& product = terms_.product;
    product.name = String(inner, "name", order_rules::CheckProductName).value_or("");
    bool version_required =
        method_ && order_rules::UsageOf(MethodField::kVersion, *method_) == Usage::kRequired;
    if (inner.Has("version") || version_required) {
      product.version = String(inner, "version", order_rules::CheckVersion).value_or("");
    }
    if (inner.Has("build")) {
      product.build = String(inner, "build", order_rules::CheckBuild).value_or("");
    }
    for (auto& p : inner.problems()) fields_.problems().push_back(std::move(p));
  }

  void ReadIpRanges() {
    if (!Present(MethodField::kIpRanges, "ip_ranges")) return;
    auto check = [](std::string_view text) -> Check {
      IpRange range;
      if (auto bad = order_rules::ParseIpRangeText(text, &range)) return bad;
      // One spelling per range, so the signed bytes of equal terms are equal.
      if (FormatIpRange(range) != text) {
        return order_rules::Violation{"is not in canonical form",
                                      order_rules::Quote(FormatIpRange(range))};
      }
      return std::nullopt;
    };
    for (const auto& text : List("ip_ranges", /*allow_empty=*/false, check)) {
      terms_.ip_ranges.push_back(*ParseIpRange(text));
    }
  }

  const Json& json_;
  JsonFields fields_;
  std::optional<Method> method_;
  Terms terms_;
};

}  // namespace

Json TermsToJson(const Terms& terms) {
  Json product = {{"name", terms.product.name}};
  if (!terms.product.version.empty()) product["version"] = terms.product.version;
  if (!terms.product.build.empty()) product["build"] = terms.product.build;

  Json json = {
      {"method", MethodName(terms.method)},
      {"company", terms.company},
      {"contract_date", FormatDate(terms.contract_date)},
      {"expires", FormatDate(terms.expires)},
      {"product", product},
      {"capacity", terms.capacity},
      {"features", terms.features},
  };
  if (!terms.project.empty()) json["project"] = terms.project;
  if (!terms.app_names.empty()) json["app_names"] = terms.app_names;
  if (!terms.project_content.empty()) json["project_content"] = terms.project_content;
  if (!terms.ip_ranges.empty()) {
    Json ranges = Json::array();
    for (const auto& range : terms.ip_ranges) ranges.push_back(FormatIpRange(range));
    json["ip_ranges"] = ranges;
  }
  if (!terms.domain.empty()) json["domain"] = terms.domain;
  if (terms.public_ip) json["public_ip"] = FormatIpv4(*terms.public_ip);
  if (terms.port) json["port"] = *terms.port;
  if (!terms.account_name.empty()) json["account_name"] = terms.account_name;
  return json;
}

Result<Terms> TermsFromJson(const Json& json, const std::string& file) {
  return TermsReader(json, file).Read();
}

void ReadPayloadTerms(const Json& payload, Method method, const std::string& file, Terms* terms,
                      std::vector<Problem>* problems) {
  auto found = payload.find("terms");
  if (found == payload.end()) {
    problems->push_back(Problem{file, 0, 0, "terms", "is missing", {}, "an object"});
    return;
  }
  auto parsed = TermsFromJson(*found, file);
  if (!parsed.ok()) {
    for (const auto& p : parsed.error().problems()) problems->push_back(p);
    if (parsed.error().problems().empty()) {
      problems->push_back(Problem{file, 0, 0, "terms", parsed.error().message(), {}, {}});
    }
    return;
  }
  *terms = std::move(parsed).value();
  if (terms->method != method) {
    problems->push_back(Problem{file, 0, 0, "terms.method",
                                std::string("is not ") + MethodName(method),
                                MethodName(terms->method), MethodName(method)});
  }
}

}  // namespace frlic
