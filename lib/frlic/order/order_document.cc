// Loading order.yaml's one document through yaml-cpp, which is asked for structure and
// positions only, with the syntax problems a hand-written file has reported in words that
// say what to fix.
#include "internal/order_document.h"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "frlic/core/strict_json.h"
#include "internal/terms_rules.h"

namespace frlic::order_internal {
namespace {

// Thrown by the event handler below at the first list or mapping nested deeper than
// kMaxNestingDepth: yaml-cpp's parser recurses at every level (it stops itself only at about
// 500 levels of flow nesting, its guard counting several calls per level, with the message "bad
// file"), so the depth is bounded before the document is loaded.
struct OrderTooDeep {
  YAML::Mark mark;
  std::string field;  // the top-level field it is under, when there is one
};

// Where the first few documents of `text` start. yaml-cpp 0.7 neither consumes nor rejects a
// stray ',' where a document begins: every call returns another empty document at the same
// place, forever (YAML::LoadAll fills memory). So documents are counted here, a bounded number
// of times, and a repeated start marks the stray token. Throws OrderTooDeep.
std::vector<YAML::Mark> DocumentStarts(std::string_view text) {
  class Starts final : public YAML::EventHandler {
   public:
    std::vector<YAML::Mark> marks;
    void OnDocumentStart(const YAML::Mark& mark) override {
      marks.push_back(mark);
      open_.clear();
      top_key_.clear();
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override { Node(); }
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override { Node(); }
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string& value) override {
      if (Node() && open_.size() == 1) top_key_ = value;
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
      Open(mark, false);
    }
    void OnSequenceEnd() override { open_.pop_back(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
      Open(mark, true);
    }
    void OnMapEnd() override { open_.pop_back(); }

   private:
    struct Collection {
      bool mapping;
      bool expect_key;  // a mapping's next node is a key
    };
    // A node starts: true if it is a key of the mapping it is in.
    bool Node() {
      if (open_.empty() || !open_.back().mapping) return false;
      bool key = open_.back().expect_key;
      open_.back().expect_key = !key;
      return key;
    }
    void Open(const YAML::Mark& mark, bool mapping) {
      bool key = Node();
      if (open_.size() >= static_cast<std::size_t>(kMaxNestingDepth)) {
        throw OrderTooDeep{mark, open_.front().mapping ? top_key_ : std::string()};
      }
      if (key && open_.size() == 1) top_key_.clear();  // a key that is not a plain name
      open_.push_back(Collection{mapping, true});
    }
    std::vector<Collection> open_;
    std::string top_key_;
  } starts;
  std::istringstream stream{std::string(text)};
  YAML::Parser parser(stream);
  while (starts.marks.size() < 4 && parser.HandleNextDocument(starts)) {
  }
  return starts.marks;
}

// A tab in indentation is the usual cause of a YAML syntax error in a hand-written file,
// and yaml-cpp's message for it ("illegal map value") does not say so.
void ReportSyntax(std::string_view text, const YAML::ParserException& e, OrderProblems& problems) {
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
      problems.Add(at, "", "the line is indented with a tab", {},
                   "spaces for indentation (YAML does not allow tabs there)");
      return;
    }
    start = end + 1;
  }
  problems.Add(
      e.mark, "", "is not valid YAML: " + e.msg, {},
      "valid YAML: check the indentation, colons and quotes at and just before this point");
}

void ReportStrayToken(const YAML::Mark& mark, const YamlPositions& positions,
                      OrderProblems& problems) {
  std::size_t at = positions.Offset(mark);
  std::string_view text = positions.text();
  std::string token = at < text.size() ? std::string(1, text[at]) : std::string();
  problems.Add(mark, "", "is not valid YAML: unexpected " + order_rules::Quote(token), {},
               "a field written as \"name: value\" (a list item starts with \"- \")");
}

// The text the one pass gives yaml-cpp: the order with each line that starts with '#' cut to
// that '#' (and a byte order mark left out).
// yaml-cpp's scanner spends hundreds of instructions on every character of a comment, and an
// order copied from templates/orders/ is mostly comment lines (for the local-container
// template, 2,200 of its 2,700 bytes: half the cost of loading it). Every other line is kept
// as it is, so each mark's line and column are those of the file, which is all that
// YamlPositions reads of a mark. A '#' in column 0 starts a comment wherever it is, but in a
// quoted scalar: it ends a plain scalar, a block scalar (whose lines are indented under a
// mapping in column 0) and a flow collection's line alike, whether the comment's text follows
// or not. A quoted scalar that runs over a cut line is therefore read differently from the
// file; ReadInOnePass finds it and the order takes the long way.
struct CommentsCut {
  std::string text;
  std::vector<std::size_t> line_starts;  // in `text`
  std::vector<bool> cut;                 // per line: its comment's text was cut
  bool any = false;
};

// The cut text of `text` if it may be an order that YAML::Load alone reads exactly as
// DocumentStarts + Load read the file, so that the first pass, half the cost of loading an
// order, can be skipped; the loaded root is then checked by ReadInOnePass. Conservative: a
// nullopt costs nothing but that pass, while a text that ReadInOnePass then rejects costs a
// third parse. A text is taken when
//   - it is UTF-8 (no NUL byte, so not UTF-16 or UTF-32, which yaml-cpp converts), so the
//     byte tests below see what yaml-cpp sees, and every '\r' is part of a "\r\n" (yaml-cpp
//     0.7 breaks lines at '\n' only, as the lines below are split, and a lone '\r' is an
//     ordinary character to it; the long way for one is only a precaution);
//   - no line starts with "---", "..." or "%": yaml-cpp ends a document only at those markers
//     or at the end of the text, as long as the root is a block mapping indented by 0, which
//     ReadInOnePass checks (a token left of column 0 cannot exist, so nothing can close that
//     mapping early, and a stray token inside it is a syntax error, not another document);
//   - there is no alias ('*'), so the loaded nodes are a tree that ReadInOnePass can walk;
//   - fewer than kMaxNestingDepth - 1 characters that can open a collection ("-", ":", "?",
//     "[", "{") are on the lines that do not start with "#". Every level of nesting is opened
//     by an indicator of its own, so this bounds the depth yaml-cpp recurses to in the usual
//     case. It is not exact (a "#" line may continue a quoted scalar, and the text on it is
//     then not a comment): the exact depth is checked by ReadInOnePass, and yaml-cpp itself
//     stops at about 500 levels, well within a thread's stack.
std::optional<CommentsCut> TextForOnePass(std::string_view text) {
  // yaml-cpp skips a byte order mark and counts its marks after it: so are the lines here.
  if (text.starts_with("\xef\xbb\xbf")) text.remove_prefix(3);
  if (text.find_first_of(std::string_view("\0*", 2)) != std::string_view::npos) return std::nullopt;
  CommentsCut result;
  result.text.reserve(text.size());
  std::size_t openers = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t newline = text.find('\n', start);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    const std::string_view line = text.substr(start, end - start);  // with its line break
    start = end;
    std::string_view content = line;
    if (content.ends_with('\n')) content.remove_suffix(1);
    if (content.ends_with('\r')) content.remove_suffix(1);
    if (content.find('\r') != std::string_view::npos) return std::nullopt;
    if (content.starts_with("---") || content.starts_with("...") || content.starts_with("%")) {
      return std::nullopt;
    }
    result.line_starts.push_back(result.text.size());
    // Not a last line without a line break: yaml-cpp marks a null node at the end of the text
    // (an empty list item or key there), which cutting that line would move.
    const bool cut =
        content.starts_with('#') && content.size() > 1 && newline != std::string_view::npos;
    result.cut.push_back(cut);
    if (cut) {
      result.any = true;
      result.text += line.ends_with("\r\n") ? "#\r\n" : "#\n";
      continue;
    }
    result.text += line;
    const std::size_t first = content.find_first_not_of(" \t");
    if (first == std::string_view::npos || content[first] == '#') continue;
    openers += static_cast<std::size_t>(std::count_if(content.begin(), content.end(), [](char c) {
      return c == '-' || c == ':' || c == '?' || c == '[' || c == '{';
    }));
    if (openers + 1 >= static_cast<std::size_t>(kMaxNestingDepth)) return std::nullopt;
  }
  return result;
}

// Whether the scalar `node` reads the same from the cut text as from the file: not when it is
// quoted and runs over a cut line (or starts with an anchor or a tag, which this does not
// follow to the scalar).
bool ReadsAsInTheFile(const YAML::Node& node, const CommentsCut& cut) {
  if (!cut.any) return true;
  const YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0 || mark.column < 0 ||
      static_cast<std::size_t>(mark.line) >= cut.line_starts.size()) {
    return false;
  }
  const std::string_view text = cut.text;
  std::size_t at =
      cut.line_starts[static_cast<std::size_t>(mark.line)] + static_cast<std::size_t>(mark.column);
  if (at >= text.size()) return false;
  const char quote = text[at];
  if (quote == '&' || quote == '!') return false;
  if (quote != '"' && quote != '\'') return true;
  std::size_t line = static_cast<std::size_t>(mark.line);
  for (++at; at < text.size(); ++at) {
    const char c = text[at];
    if (c == '\n') {
      if (++line < cut.cut.size() && cut.cut[line]) return false;
    } else if (quote == '"' && c == '\\') {
      if (at + 1 < text.size() && text[at + 1] == '\n') continue;  // the break, seen next
      ++at;
    } else if (c == quote) {
      if (quote == '\'' && at + 1 < text.size() && text[at + 1] == '\'') {
        ++at;  // '' is a quote inside
        continue;
      }
      return true;
    }
  }
  return false;  // not closed: yaml-cpp threw already
}

// Whether `root`, loaded from the text TextForOnePass made, is what
// DocumentStarts + Load would have returned for the file with no problem reported: a block
// mapping whose first key is a scalar in column 0 (the mapping's indentation is its first
// key's column: the root's own mark may be an anchor or tag in column 0 over a mapping
// indented further, which a later line in column 0 would end, starting a second document; and
// a null first key, "?" alone, has the mark of whatever follows it), nested at most
// kMaxNestingDepth levels deep (DocumentStarts refuses the collection that would be one level
// deeper), with every scalar read as from the file (ReadsAsInTheFile).
bool ReadInOnePass(const YAML::Node& root, const CommentsCut& cut) {
  if (!root.IsMap() || root.Style() != YAML::EmitterStyle::Block || root.begin() == root.end()) {
    return false;
  }
  const YAML::Node first_key = root.begin()->first;
  if (!first_key.IsScalar() || first_key.Mark().column != 0) return false;
  // Depth-first with an explicit stack: the tree has no aliases, so each node is visited once.
  std::vector<std::pair<YAML::Node, int>> pending{{root, 1}};
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    if (node.IsScalar() && !ReadsAsInTheFile(node, cut)) return false;
    if (!node.IsMap() && !node.IsSequence()) continue;
    if (depth > kMaxNestingDepth) return false;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (node.IsMap()) {
        pending.emplace_back(it->first, depth + 1);
        pending.emplace_back(it->second, depth + 1);
      } else {
        pending.emplace_back(*it, depth + 1);
      }
    }
  }
  return true;
}

}  // namespace

std::optional<YAML::Node> LoadOrderDocument(std::string_view text, const YamlPositions& positions,
                                            OrderProblems& problems) {
  if (const std::optional<CommentsCut> cut = TextForOnePass(text)) {
    try {
      YAML::Node root = YAML::Load(cut->text);
      if (ReadInOnePass(root, *cut)) return root;
    } catch (const std::exception&) {
      // Reported below, by the same parser, with the document scan's finer diagnosis.
    }
  }
  std::vector<YAML::Mark> documents;
  YAML::Node root;
  try {
    documents = DocumentStarts(text);
    for (std::size_t i = 1; i < documents.size(); ++i) {
      if (documents[i].pos == documents[i - 1].pos) {
        ReportStrayToken(documents[i], positions, problems);
        return std::nullopt;
      }
    }
    root = YAML::Load(std::string(text));  // the first document only
  } catch (const OrderTooDeep& e) {
    problems.Add(
        e.mark, e.field,
        "nests lists and mappings more than " + std::to_string(kMaxNestingDepth) + " levels deep",
        {},
        "an order's fields, nested at most 2 levels (product: name:); frlic reads YAML "
        "nested at most " +
            std::to_string(kMaxNestingDepth) + " levels deep");
    return std::nullopt;
  } catch (const YAML::ParserException& e) {
    ReportSyntax(positions.text(), e, problems);
    return std::nullopt;
  } catch (const std::exception& e) {
    problems.Add(YAML::Mark::null_mark(), "", std::string("is not valid YAML: ") + e.what());
    return std::nullopt;
  }
  if (root.IsNull()) {
    problems.Add(YAML::Mark(), "", "the file holds no order", {},
                 "the order's fields: order_id, method, company, ... (see templates/orders/)");
    return std::nullopt;
  }
  if (documents.size() > 1) {
    problems.Add(documents[1], "", "the file holds more than one YAML document ('---')", {},
                 "one order per file");
  }
  return root;
}

}  // namespace frlic::order_internal
