// order.yaml: the one input business staff write by hand. The reader reports every problem
// in one pass, each at its line and column, so a pull request needs one round of fixes.
// yaml-cpp is asked for structure and positions only: every scalar is read as the text that
// was written and converted here, so "4.10" stays "4.10" and dates stay dates.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "frlic/core/files.h"
#include "frlic/order/order.h"
#include "frlic/order/terms_rules.h"

namespace frlic {
namespace {

using order_rules::Check;
using order_rules::MethodField;
using order_rules::Usage;

constexpr std::size_t kMaxOrderBytes = 1 << 20;

// The schema's fields, as dotted paths, with what each expects. The keys allowed in a
// mapping are the entries one level below its path.
struct FieldSpec {
  std::string_view path;
  std::string_view expected;
};
constexpr FieldSpec kFields[] = {
    {"order_id", "an order id such as \"ORD-2026-0042\""},
    {"method", "one of local-container, private-cloud, container-private-cloud, public-cloud"},
    {"company", "the company name from the e-mail"},
    {"project", "the project name from the e-mail"},
    {"contract_date", "the contract signing date, YYYY-MM-DD"},
    {"product", "a mapping with name, version and build"},
    {"product.name", "FineDataLink, FineReport or FineBI"},
    {"product.version", "the minor version such as \"4.1\""},
    {"product.build", "the JAR package build such as \"4.1.5-20240105\""},
    {"capacity", "a whole number from 1 to 1000000"},
    {"expires", "the last valid day, YYYY-MM-DD"},
    {"app_names", "a list of app (project) names"},
    {"project_content", "the project content text"},
    {"ip_ranges", "a list of addresses or ranges such as \"192.168.100.25 - 192.168.100.26\""},
    {"server", "a mapping with domain, public_ip and port"},
    {"server.domain", "a domain name such as license.example.com"},
    {"server.public_ip", "an IPv4 address such as 203.0.113.10"},
    {"server.port", "a port number from 1 to 65535"},
    {"account", "a mapping with name"},
    {"account.name", "an account name such as \"example-trading\""},
    {"features", "a list of function point identifiers"},
    // What each item of a list expects ("app_names[2]" looks up "app_names[]").
    {"app_names[]", "an app (project) name"},
    {"ip_ranges[]", "an address or range such as \"192.168.100.25 - 192.168.100.26\""},
    {"features[]", "a function point identifier such as \"data-sync\""},
};

std::string_view ExpectedFor(std::string_view path) {
  std::string item;
  if (path.ends_with(']')) {
    item = std::string(path.substr(0, path.rfind('['))) + "[]";
    path = item;
  }
  for (const auto& spec : kFields) {
    if (spec.path == path) return spec.expected;
  }
  return {};
}

// The keys one level below `prefix` ("" for the top level, "product." for product).
std::vector<std::string_view> KeysUnder(std::string_view prefix) {
  std::vector<std::string_view> keys;
  for (const auto& spec : kFields) {
    if (!spec.path.starts_with(prefix) || spec.path.ends_with(']')) continue;
    std::string_view rest = spec.path.substr(prefix.size());
    if (rest.find('.') == std::string_view::npos) keys.push_back(rest);
  }
  return keys;
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

// What to suggest for an unknown key: a typo of a key at this level, or (at the top level) a
// key that belongs one level down, as in the flat terms JSON ("domain" is server.domain).
std::string Suggestion(std::string_view key, std::string_view prefix) {
  auto here = KeysUnder(prefix);
  std::string typo = order_rules::ClosestName(key, here);
  if (!typo.empty()) return "did you mean \"" + std::string(prefix) + typo + "\"?";
  if (!prefix.empty()) {
    return "one of " + Join(std::vector<std::string>(here.begin(), here.end()), ", ");
  }
  std::vector<std::string> nested;
  for (const auto& spec : kFields) {
    auto dot = spec.path.find('.');
    if (dot != std::string_view::npos && spec.path.substr(dot + 1) == key) {
      nested.emplace_back(spec.path);
    }
  }
  if (key == "account_name") nested.emplace_back("account.name");
  if (nested.empty()) return "a field of the order schema (see templates/orders/)";
  return "did you mean " + Join(nested, " or ") + "? (write it under " +
         nested[0].substr(0, nested[0].find('.')) + ":)";
}

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
  std::vector<Problem> problems;
};

// Where the first few documents of `text` start. yaml-cpp 0.7 neither consumes nor rejects a
// stray ',' where a document begins: every call returns another empty document at the same
// place, forever (YAML::LoadAll fills memory). So documents are counted here, a bounded number
// of times, and a repeated start marks the stray token.
std::vector<YAML::Mark> DocumentStarts(std::string_view text) {
  class Starts final : public YAML::EventHandler {
   public:
    std::vector<YAML::Mark> marks;
    void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
  } starts;
  std::istringstream stream{std::string(text)};
  YAML::Parser parser(stream);
  while (starts.marks.size() < 4 && parser.HandleNextDocument(starts)) {
  }
  return starts.marks;
}

class OrderReader {
 public:
  explicit OrderReader(std::string file) : file_(std::move(file)) {}

  ReadOrder Read(std::string_view text) {
    if (text.size() > kMaxOrderBytes) {
      Add(YAML::Mark::null_mark(), "", "the file is larger than 1 MiB",
          std::to_string(text.size()) + " bytes", "an order of a few hundred bytes");
      return Finish();
    }
    // Positions are computed on the text after a byte order mark, as yaml-cpp's are.
    text_ = text.starts_with("\xef\xbb\xbf") ? text.substr(3) : text;
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i) {
      if (text_[i] == '\n') line_starts_.push_back(i + 1);
    }
    std::vector<YAML::Mark> documents;
    YAML::Node root;
    try {
      documents = DocumentStarts(text);
      for (std::size_t i = 1; i < documents.size(); ++i) {
        if (documents[i].pos == documents[i - 1].pos) {
          ReportStrayToken(documents[i]);
          return Finish();
        }
      }
      root = YAML::Load(std::string(text));  // the first document only
    } catch (const YAML::ParserException& e) {
      ReportSyntax(text_, e);
      return Finish();
    } catch (const std::exception& e) {
      Add(YAML::Mark::null_mark(), "", std::string("is not valid YAML: ") + e.what());
      return Finish();
    }
    if (root.IsNull()) {
      Add(YAML::Mark(), "", "the file holds no order", {},
          "the order's fields: order_id, method, company, ... (see templates/orders/)");
      return Finish();
    }
    if (documents.size() > 1) {
      Add(documents[1], "", "the file holds more than one YAML document ('---')", {},
          "one order per file");
    }
    if (!root.IsMap()) {
      Add(root.Mark(), "", "the top level is not a mapping of fields", Describe(root),
          "fields written as \"name: value\", starting with order_id: and method:");
      return Finish();
    }
    ReadTop(Field{root, root});
    return Finish();
  }

 private:
  void Add(const YAML::Mark& mark, std::string field, std::string message, std::string found = {},
           std::string expected = {}) {
    int line = 0, column = 0;
    if (!mark.is_null()) {
      line = mark.line + 1;
      // yaml-cpp counts bytes; people and editors count characters ("公司: x").
      column = mark.column + 1;
      if (std::size_t end = Offset(mark); end != std::string_view::npos) {
        auto start = text_.begin() + line_starts_[mark.line];
        column = 1 + static_cast<int>(std::count_if(start, text_.begin() + end, [](char c) {
                   return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
                 }));
      }
    }
    problems_.push_back(Problem{file_, line, column, std::move(field), std::move(message),
                                std::move(found), std::move(expected)});
  }

  // yaml-cpp marks an empty value at the next token (often the next line), so problems with
  // an empty value are shown at its key.
  static YAML::Mark Where(const Field& field) {
    return field.value.IsNull() ? field.key.Mark() : field.value.Mark();
  }

  // Where a mark is in text_, as a byte offset; npos if outside.
  std::size_t Offset(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.line < 0 || mark.column < 0 ||
        static_cast<std::size_t>(mark.line) >= line_starts_.size()) {
      return std::string_view::npos;
    }
    std::size_t offset = line_starts_[mark.line] + mark.column;
    return offset <= text_.size() ? offset : std::string_view::npos;
  }

  // An empty list item ("-" alone) is marked at the next token; its own place is the '-' or
  // ',' before it, so look back over the blanks.
  YAML::Mark EmptyItemMark(const YAML::Node& node) const {
    std::size_t at = Offset(node.Mark());
    if (at == std::string_view::npos) return node.Mark();
    while (at > 0 && std::string_view(" \t\r\n").find(text_[at - 1]) != std::string_view::npos) {
      --at;
    }
    if (at == 0 || (text_[at - 1] != '-' && text_[at - 1] != ',')) return node.Mark();
    auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), at - 1) - 1;
    YAML::Mark found;
    found.line = static_cast<int>(line - line_starts_.begin());
    found.column = static_cast<int>(at - 1 - *line);
    return found;
  }

  ReadOrder Finish() {
    std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
      return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    return ReadOrder{std::move(order_id_), std::move(terms_), std::move(problems_)};
  }

  // A tab in indentation is the usual cause of a YAML syntax error in a hand-written file,
  // and yaml-cpp's message for it ("illegal map value") does not say so.
  void ReportSyntax(std::string_view text, const YAML::ParserException& e) {
    int line = 0;
    for (std::size_t start = 0; start < text.size() && line <= e.mark.line; ++line) {
      std::size_t end = std::min(text.find('\n', start), text.size());
      std::string_view content = text.substr(start, end - start);
      std::size_t indent = content.find_first_not_of(" \t");
      std::size_t tab = content.find('\t');
      if (indent != std::string_view::npos && tab < indent && content[indent] != '#') {
        YAML::Mark at;
        at.line = line;
        at.column = static_cast<int>(tab);
        Add(at, "", "the line is indented with a tab", {},
            "spaces for indentation (YAML does not allow tabs there)");
        return;
      }
      start = end + 1;
    }
    Add(e.mark, "", "is not valid YAML: " + e.msg, {},
        "valid YAML: check the indentation, colons and quotes at and just before this point");
  }

  void ReportStrayToken(const YAML::Mark& mark) {
    std::size_t at = Offset(mark);
    std::string token = at < text_.size() ? std::string(1, text_[at]) : std::string();
    Add(mark, "", "is not valid YAML: unexpected " + order_rules::Quote(token), {},
        "a field written as \"name: value\" (a list item starts with \"- \")");
  }

  // The entries of the mapping `field` (at dotted `path`), after reporting keys that are not
  // text, unknown or repeated. nullopt (reported) if it is not a mapping.
  std::optional<Fields> Mapping(const Field& field, const std::string& path) {
    if (!field.value.IsMap()) {
      Add(Where(field), path, field.value.IsNull() ? "has no value" : "has the wrong type",
          Describe(field.value), std::string(ExpectedFor(path)));
      return std::nullopt;
    }
    std::string prefix = path.empty() ? "" : path + ".";
    auto known = KeysUnder(prefix);
    Fields fields;
    for (auto it = field.value.begin(); it != field.value.end(); ++it) {
      YAML::Node key = it->first;  // a copy: it-> yields a temporary
      if (!key.IsScalar()) {
        Add(key.Mark(), path, "has a key that is not a plain name", Describe(key),
            "keys written as plain names, such as company:");
        continue;
      }
      std::string name = key.Scalar();
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        Add(key.Mark(), prefix + name, "is not a known field", {}, Suggestion(name, prefix));
        continue;
      }
      auto [existing, inserted] = fields.emplace(name, Field{key, it->second});
      if (!inserted) {
        Add(key.Mark(), prefix + name, "appears more than once", {},
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
    Add(Where(field), path, field.value.IsNull() ? "has no value" : "has the wrong type",
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
      if (required) Add(parent.key.Mark(), path, "is missing", {}, std::string(ExpectedFor(path)));
      return false;
    }
    auto text = Text(*field, path);
    if (!text) return false;
    if (Check bad = check(*text)) {
      Add(Where(*field), path, bad->message, order_rules::Quote(*text), bad->expected);
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
      Add(Where(field), path, field.value.IsNull() ? "has no value" : "has the wrong type",
          Describe(field.value), std::string(ExpectedFor(path)));
      return items;
    }
    if (field.value.size() == 0 && !allow_empty) {
      Add(Where(field), path, "is empty", "[]", std::string(ExpectedFor(path)));
    }
    std::map<std::string, std::string> seen;  // item text -> its path
    std::size_t index = 0;
    for (const YAML::Node& node : field.value) {
      std::string item_path = path + "[" + std::to_string(index++) + "]";
      Field item{node, node};
      if (node.IsNull()) {
        Add(EmptyItemMark(node), item_path, "has no value", "nothing",
            std::string(ExpectedFor(item_path)));
        continue;
      }
      auto text = Text(item, item_path);
      if (!text) continue;
      if (Check bad = check(*text)) {
        Add(item.value.Mark(), item_path, bad->message, order_rules::Quote(*text), bad->expected);
        continue;
      }
      auto [earlier, inserted] = seen.emplace(*text, item_path);
      if (!inserted) {
        Add(item.value.Mark(), item_path, "repeats " + earlier->second, order_rules::Quote(*text),
            "each entry once");
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
      Add(field->key.Mark(), path, not_used.message, {}, not_used.expected);
      return false;
    }
    if (field == nullptr && usage == Usage::kRequired) {
      Add(parent.key.Mark(), path, std::string("is required for method ") + MethodName(*method_),
          {}, std::string(ExpectedFor(path)));
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
        Add(Where(expires), "expires", bad->message, order_rules::Quote(expires.value.Scalar()),
            bad->expected);
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
  }

  void ReadProduct(const Fields& fields, const Field& root) {
    const Field* product = Find(fields, "product");
    if (product == nullptr) {
      Add(root.key.Mark(), "product", "is missing", {}, std::string(ExpectedFor("product")));
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
      Add(product->key.Mark(), "product.version",
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
        Add(item.node.Mark(), item.path, "repeats " + earlier->second,
            order_rules::Quote(item.text), "each range once");
        continue;
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

  std::string file_;
  std::string_view text_;
  std::vector<std::size_t> line_starts_;
  std::vector<Problem> problems_;
  std::string order_id_;
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
  return Order(std::move(read.order_id), std::move(read.terms));
}

Result<Order> Order::Load(const std::string& path) {
  FRLIC_ASSIGN_OR_RETURN(Bytes bytes, ReadFile(path, kMaxOrderBytes));
  return Parse(AsText(bytes), path);
}

}  // namespace frlic
