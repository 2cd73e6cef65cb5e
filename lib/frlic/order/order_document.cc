// Loading order.yaml's one document through yaml-cpp, which is asked for structure and
// positions only, with the syntax problems a hand-written file has reported in words that
// say what to fix.
#include "internal/order_document.h"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "internal/terms_rules.h"

namespace frlic::order_internal {
namespace {

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

}  // namespace

std::optional<YAML::Node> LoadOrderDocument(std::string_view text, const YamlPositions& positions,
                                            OrderProblems& problems) {
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
