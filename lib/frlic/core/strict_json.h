// The one JSON reader for signed payloads and frlic's own files: RFC 8259 only (nlohmann),
// plus what a signed format needs: duplicate object keys are rejected (two parsers could
// otherwise disagree on what was signed), and so is a top level that is not an object.
// Nesting is bounded (kMaxNestingDepth), so nothing that walks a parsed value recursively (copy,
// dump, comparison) can exhaust the stack on a hostile document (docs/formats.md, section 1).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "frlic/core/status.h"

namespace frlic {

using Json = nlohmann::json;

// The deepest nesting of objects and arrays (JSON) or mappings and lists (the order's YAML)
// that frlic reads: a top-level object is depth 1, so {"a":[1]} is depth 2. Every document
// frlic reads or writes nests a few levels at most.
inline constexpr int kMaxNestingDepth = 64;

// kMalformed with the parser's message (byte offset) on any violation; a document nested
// deeper than kMaxNestingDepth is refused as soon as the parser reaches depth kMaxNestingDepth + 1.
Result<Json> ParseStrictJson(std::string_view text, const std::string& what);
// The same rules for a document whose top level is an array (an image's manifest.json).
Result<Json> ParseStrictJsonArray(std::string_view text, const std::string& what);

// Field access for validating a parsed object: each records a Problem and returns a
// default when the field is missing or of another type, so one pass reports everything.
class JsonFields {
 public:
  JsonFields(const Json& object, std::string file, std::string prefix = {})
      : object_(object), file_(std::move(file)), prefix_(std::move(prefix)) {}

  std::string String(const std::string& key);
  std::int64_t Integer(const std::string& key);
  const Json* Object(const std::string& key);
  const Json* Array(const std::string& key);
  bool Has(const std::string& key) const { return object_.contains(key); }
  // Records a problem for every key not in `known`.
  void RejectUnknown(std::initializer_list<std::string_view> known);
  void Add(const std::string& key, std::string message, std::string found = {},
           std::string expected = {});

  std::vector<Problem>& problems() { return problems_; }
  const std::string& file() const { return file_; }

 private:
  const Json* Field(const std::string& key, Json::value_t type, const char* type_name);
  const Json& object_;
  std::string file_;
  std::string prefix_;
  std::vector<Problem> problems_;
};

}  // namespace frlic
