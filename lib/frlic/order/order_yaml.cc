// order.yaml: the one input business staff write by hand. The reader reports every problem
// in one pass, each at its line and column, so a pull request needs one round of fixes.
// yaml-cpp is asked for structure and positions only: every scalar is read as the text that
// was written and converted here, so "4.10" stays "4.10" and dates stay dates. This file maps
// the document's fields into the order; loading it is order_document.cc, the schema's keys
// and expectations order_schema.cc, the value rules terms_rules.cc.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "frlic/core/files.h"
#include "frlic/order/order.h"
#include "internal/order_document.h"
#include "internal/order_problems.h"
#include "internal/order_schema.h"
#include "internal/terms_rules.h"
#include "internal/yaml_positions.h"

namespace frlic {
namespace {

using order_internal::ExpectedFor;
using order_internal::KeysUnder;
using order_internal::LoadOrderDocument;
using order_internal::OrderProblems;
using order_internal::Suggestion;
using order_internal::YamlPositions;
using order_rules::Check;
using order_rules::MethodField;
using order_rules::Usage;

constexpr std::size_t kMaxOrderBytes = 1 << 20;

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return order_rules::Quote(node.Scalar());
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "nothing";
  }
}

// A field as written: its key (for "where") and its value. The root has itself as key.
struct Field {
  YAML::Node key;
  YAML::Node value;
};
using Fields = std::map<std::string, Field, std::less<>>;

// A list item as written: its text and node.
struct Item {
  std::string text;
  YAML::Node node;
  std::string path;
};

struct ReadOrder {
  std::string order_id;
  Terms terms;
  std::string notes;
  std::string requested_by;
  std::vector<Problem> problems;
  std::vector<Problem> warnings;
  order_internal::LineAndColumn order_id_at;
};

class OrderReader {
 public:
  explicit OrderReader(std::string file)
      : problems_(file, positions_), warnings_(std::move(file), positions_) {}

  ReadOrder Read(std::string_view text) {
    if (text.size() > kMaxOrderBytes) {
      problems_.Add(YAML::Mark::null_mark(), "", "the file is larger than 1 MiB",
                    std::to_string(text.size()) + " bytes", "an order of a few hundred bytes");
      return Finish();
    }
    positions_ = YamlPositions(text);
    std::optional<YAML::Node> root = LoadOrderDocument(text, positions_, problems_);
    if (!root) return Finish();
    if (!root->IsMap()) {
      problems_.Add(root->Mark(), "", "the top level is not a mapping of fields", Describe(*root),
                    "fields written as \"name: value\", starting with order_id: and method:");
      return Finish();
    }
    ReadTop(Field{*root, *root});
    return Finish();
  }

 private:
  // yaml-cpp marks an empty value at the next token (often the next line), so problems with
  // an empty value are shown at its key.
  static YAML::Mark Where(const Field& field) {
    return field.value.IsNull() ? field.key.Mark() : field.value.Mark();
  }

  ReadOrder Finish() {
    return ReadOrder{
        std::move(order_id_),   std::move(terms_),      std::move(notes_), std::move(requested_by_),
        problems_.TakeSorted(), warnings_.TakeSorted(), order_id_at_};
  }

  // The entries of the mapping `field` (at dotted `path`), after reporting keys that are not
  // text, unknown or repeated. nullopt (reported) if it is not a mapping.
  std::optional<Fields> Mapping(const Field& field, const std::string& path) {
    if (!field.value.IsMap()) {
      problems_.Add(Where(field), path,
                    field.value.IsNull() ? "has no value" : "has the wrong type",
                    Describe(field.value), std::string(ExpectedFor(path)));
      return std::nullopt;
    }
    std::string prefix = path.empty() ? "" : path + ".";
    auto known = KeysUnder(prefix);
    Fields fields;
    for (auto it = field.value.begin(); it != field.value.end(); ++it) {
      YAML::Node key = it->first;  // a copy: it-> yields a temporary
      if (!key.IsScalar()) {
        problems_.Add(key.Mark(), path, "has a key that is not a plain name", Describe(key),
                      "keys written as plain names, such as company:");
        continue;
      }
      std::string name = key.Scalar();
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        problems_.Add(key.Mark(), prefix + name, "is not a known field", {},
                      Suggestion(name, prefix));
        continue;
      }
      auto [existing, inserted] = fields.emplace(name, Field{key, it->second});
      if (!inserted) {
        problems_.Add(key.Mark(), prefix + name, "appears more than once", {},
                      "each field once (it is first on line " +
                          std::to_string(existing->second.key.Mark().line + 1) + ")");
      }
    }
    return fields;
  }

  static const Field* Find(const Fields& fields, std::string_view key) {
    auto it = fields.find(key);
    return it == fields.end() ? nullptr : &it->second;
  }

  // The text of a scalar field; nullopt (reported) for an empty value, a list or a mapping.
  std::optional<std::string> Text(const Field& field, const std::string& path) {
    if (field.value.IsScalar()) return field.value.Scalar();
    problems_.Add(Where(field), path, field.value.IsNull() ? "has no value" : "has the wrong type",
                  Describe(field.value), std::string(ExpectedFor(path)));
    return std::nullopt;
  }

  // Reads the scalar field at dotted `path` from its mapping's `fields` and applies `check`
  // (which may also store the value). A missing required field is reported at the mapping's
  // key. True if present and valid.
  template <typename CheckFn>
  bool Scalar(const Fields& fields, const Field& parent, const std::string& path, bool required,
              CheckFn check) {
    std::string_view key = std::string_view(path).substr(path.rfind('.') + 1);
    const Field* field = Find(fields, key);
    if (field == nullptr) {
      if (required)
        problems_.Add(parent.key.Mark(), path, "is missing", {}, std::string(ExpectedFor(path)));
      return false;
    }
    auto text = Text(*field, path);
    if (!text) return false;
    if (Check bad = check(*text)) {
      problems_.Add(Where(*field), path, bad->message, order_rules::Quote(*text), bad->expected);
      return false;
    }
    return true;
  }

  // The items of a list field, each checked; repeated items are reported.
  template <typename CheckFn>
  std::vector<Item> List(const Field& field, const std::string& path, bool allow_empty,
                         CheckFn check) {
    std::vector<Item> items;
    if (!field.value.IsSequence()) {
      problems_.Add(Where(field), path,
                    field.value.IsNull() ? "has no value" : "has the wrong type",
                    Describe(field.value), std::string(ExpectedFor(path)));
      return items;
    }
    if (field.value.size() == 0 && !allow_empty) {
      problems_.Add(Where(field), path, "is empty", "[]", std::string(ExpectedFor(path)));
    }
    std::map<std::string, std::string> seen;  // item text -> its path
    std::size_t index = 0;
    for (const YAML::Node& node : field.value) {
      std::string item_path = path + "[" + std::to_string(index++) + "]";
      Field item{node, node};
      if (node.IsNull()) {
        problems_.Add(positions_.EmptyItemMark(node.Mark()), item_path, "has no value", "nothing",
                      std::string(ExpectedFor(item_path)));
        continue;
      }
      auto text = Text(item, item_path);
      if (!text) continue;
      if (Check bad = check(*text)) {
        problems_.Add(item.value.Mark(), item_path, bad->message, order_rules::Quote(*text),
                      bad->expected);
        continue;
      }
      auto [earlier, inserted] = seen.emplace(*text, item_path);
      if (!inserted) {
        problems_.Add(item.value.Mark(), item_path, "repeats " + earlier->second,
                      order_rules::Quote(*text), "each entry once");
        continue;
      }
      items.push_back(Item{*text, item.value, item_path});
    }
    return items;
  }

  // Whether a method-dependent field should be read: reports it when the method does not use
  // it, or requires it and it is missing. Without a valid method, present fields are read.
  bool Usable(MethodField usage_field, const Fields& fields, const Field& parent,
              const std::string& path) {
    std::string_view key = std::string_view(path).substr(path.rfind('.') + 1);
    const Field* field = Find(fields, key);
    if (!method_) return field != nullptr;
    Usage usage = order_rules::UsageOf(usage_field, *method_);
    if (field != nullptr && usage == Usage::kUnused) {
      auto not_used = order_rules::NotUsed(usage_field, *method_);
      problems_.Add(field->key.Mark(), path, not_used.message, {}, not_used.expected);
      return false;
    }
    if (field == nullptr && usage == Usage::kRequired) {
      problems_.Add(parent.key.Mark(), path,
                    std::string("is required for method ") + MethodName(*method_), {},
                    std::string(ExpectedFor(path)));
    }
    return field != nullptr;
  }

  void ReadTop(const Field& root) {
    auto fields = Mapping(root, "");
    if (!fields) return;
    Scalar(*fields, root, "order_id", true, [&](std::string_view text) {
      order_id_ = text;
      return order_rules::CheckOrderId(text);
    });
    if (const Field* id = Find(*fields, "order_id"); id != nullptr) {
      order_id_at_ = positions_.Locate(Where(*id));
    }
    Method method;
    if (Scalar(*fields, root, "method", true, [&](std::string_view text) {
          return order_rules::ParseMethodText(text, &method);
        })) {
      method_ = method;
      terms_.method = method;
    }
    auto name_check = [](std::string* out) {
      return [out](std::string_view text) {
        *out = text;
        return order_rules::CheckText(text, order_rules::kMaxNameChars);
      };
    };
    Scalar(*fields, root, "company", true, name_check(&terms_.company));
    if (Usable(MethodField::kProject, *fields, root, "project")) {
      Scalar(*fields, root, "project", true, name_check(&terms_.project));
    }
    bool contract_ok = Scalar(*fields, root, "contract_date", true, [&](std::string_view text) {
      return order_rules::ParseDateText(text, &terms_.contract_date);
    });
    bool expires_ok = Scalar(*fields, root, "expires", true, [&](std::string_view text) {
      return order_rules::ParseDateText(text, &terms_.expires);
    });
    if (contract_ok && expires_ok) {
      if (Check bad = order_rules::CheckExpiry(terms_.contract_date, terms_.expires)) {
        const Field& expires = *Find(*fields, "expires");
        problems_.Add(Where(expires), "expires", bad->message,
                      order_rules::Quote(expires.value.Scalar()), bad->expected);
      }
    }
    ReadProduct(*fields, root);
    Scalar(*fields, root, "capacity", false, [&](std::string_view text) {
      return order_rules::ParseCapacityText(text, &terms_.capacity);
    });
    if (const Field* field = Find(*fields, "app_names")) {
      for (auto& item : List(*field, "app_names", false, [](std::string_view text) {
             return order_rules::CheckText(text, order_rules::kMaxNameChars);
           })) {
        terms_.app_names.push_back(std::move(item.text));
      }
    }
    if (Usable(MethodField::kProjectContent, *fields, root, "project_content")) {
      Scalar(*fields, root, "project_content", true, [&](std::string_view text) {
        terms_.project_content = text;
        return order_rules::CheckText(text, order_rules::kMaxContentChars);
      });
    }
    ReadIpRanges(*fields, root);
    ReadServer(*fields, root);
    if (Usable(MethodField::kAccount, *fields, root, "account")) {
      const Field& account = *Find(*fields, "account");
      if (auto inner = Mapping(account, "account")) {
        Scalar(*inner, account, "account.name", false, [&](std::string_view text) {
          terms_.account_name = text;
          return order_rules::CheckAccountName(text);
        });
      }
    }
    if (const Field* field = Find(*fields, "features")) {
      for (auto& item : List(*field, "features", true, order_rules::CheckFeature)) {
        terms_.features.push_back(std::move(item.text));
      }
    }
    Scalar(*fields, root, "notes", false, [&](std::string_view text) {
      notes_ = order_rules::NotesText(text);
      return order_rules::CheckNotes(notes_);
    });
    Scalar(*fields, root, "requested_by", false, [&](std::string_view text) {
      requested_by_ = text;
      return order_rules::CheckEmail(text);
    });
  }

  void ReadProduct(const Fields& fields, const Field& root) {
    const Field* product = Find(fields, "product");
    if (product == nullptr) {
      problems_.Add(root.key.Mark(), "product", "is missing", {},
                    std::string(ExpectedFor("product")));
      return;
    }
    auto inner = Mapping(*product, "product");
    if (!inner) return;
    ProductVersion& out = terms_.product;
    Scalar(*inner, *product, "product.name", true, [&](std::string_view text) {
      out.name = text;
      return order_rules::CheckProductName(text);
    });
    if (Find(*inner, "version") == nullptr && method_ &&
        order_rules::UsageOf(MethodField::kVersion, *method_) == Usage::kRequired) {
      problems_.Add(product->key.Mark(), "product.version",
                    std::string("is required for method ") + MethodName(*method_), {},
                    std::string(ExpectedFor("product.version")));
    }
    Scalar(*inner, *product, "product.version", false, [&](std::string_view text) {
      out.version = text;
      return order_rules::CheckVersion(text);
    });
    Scalar(*inner, *product, "product.build", false, [&](std::string_view text) {
      out.build = text;
      return order_rules::CheckBuild(text);
    });
  }

  void ReadIpRanges(const Fields& fields, const Field& root) {
    if (!Usable(MethodField::kIpRanges, fields, root, "ip_ranges")) return;
    // Repeats are found on the canonical form, so "1.2.3.4-1.2.3.5" repeats "1.2.3.4 - 1.2.3.5".
    std::map<std::string, std::string> seen;
    for (const auto& item :
         List(*Find(fields, "ip_ranges"), "ip_ranges", false, [](std::string_view text) {
           IpRange range;
           return order_rules::ParseIpRangeText(text, &range);
         })) {
      IpRange range = *ParseIpRange(item.text);
      auto [earlier, inserted] = seen.emplace(FormatIpRange(range), item.path);
      if (!inserted) {
        problems_.Add(item.node.Mark(), item.path, "repeats " + earlier->second,
                      order_rules::Quote(item.text), "each range once");
        continue;
      }
      if (!IsPrivateRange(range)) {
        warnings_.Add(item.node.Mark(), item.path, "is not a private address range",
                      order_rules::Quote(item.text),
                      "an address of a product server inside " + PrivateBlocksText() +
                          " (manual 001: \"FineDataLink IP addresses (private only)\"); the "
                          "licence server's public address goes in server.public_ip");
      }
      terms_.ip_ranges.push_back(range);
    }
  }

  void ReadServer(const Fields& fields, const Field& root) {
    if (!Usable(MethodField::kServer, fields, root, "server")) return;
    const Field& server = *Find(fields, "server");
    auto inner = Mapping(server, "server");
    if (!inner) return;
    Scalar(*inner, server, "server.domain", false, [&](std::string_view text) {
      terms_.domain = text;
      return order_rules::CheckDomain(text);
    });
    Scalar(*inner, server, "server.public_ip", false, [&](std::string_view text) {
      std::uint32_t address = 0;
      Check bad = order_rules::ParsePublicIpText(text, &address);
      if (!bad) terms_.public_ip = address;
      return bad;
    });
    if (Usable(MethodField::kPort, *inner, server, "server.port")) {
      Scalar(*inner, server, "server.port", false, [&](std::string_view text) {
        std::uint16_t port = 0;
        Check bad = order_rules::ParsePortText(text, &port);
        if (!bad) terms_.port = port;
        return bad;
      });
    }
  }

  YamlPositions positions_;  // before problems_, which refers to it
  OrderProblems problems_;
  OrderProblems warnings_;  // ip_ranges outside the private blocks (Order::warnings)
  std::string order_id_;
  order_internal::LineAndColumn
      order_id_at_;  // where its value is written (lint's duplicate-id findings)
  std::string notes_;
  std::string requested_by_;
  std::optional<Method> method_;
  Terms terms_;
};

}  // namespace

Result<Order> Order::Parse(std::string_view yaml_text, const std::string& file) {
  ReadOrder read;
  try {
    read = OrderReader(file).Read(yaml_text);
  } catch (const std::exception& e) {  // yaml-cpp throws on misuse; the library never does
    return Error(ErrorCode::kInternal, file + ": reading the order failed: " + e.what());
  }
  if (!read.problems.empty()) {
    std::size_t count = read.problems.size();
    return Error(ErrorCode::kInvalidInput,
                 file + ": " + std::to_string(count) + (count == 1 ? " problem" : " problems"),
                 std::move(read.problems));
  }
  Order order(std::move(read.order_id), std::move(read.terms), std::move(read.notes),
              std::move(read.requested_by), std::move(read.warnings));
  order.order_id_line_ = read.order_id_at.line;
  order.order_id_column_ = read.order_id_at.column;
  return order;
}

Result<Order> Order::Load(const std::string& path) {
  auto bytes = ReadFile(path, kMaxOrderBytes);
  if (!bytes.ok()) {
    // The order is a request: a file over its limit is invalid input (exit 3), whatever code
    // ReadFile gives data files over theirs (docs/cli.md, "Bad input"). ReadFile reports
    // nothing else as malformed.
    if (bytes.error().code() == ErrorCode::kMalformed) {
      return Error(ErrorCode::kInvalidInput, bytes.error().message());
    }
    return std::move(bytes).error();
  }
  return Parse(AsText(*bytes), path);
}

}  // namespace frlic
