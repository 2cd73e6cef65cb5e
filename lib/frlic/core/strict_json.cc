#include "frlic/core/strict_json.h"

#include <set>
#include <vector>

namespace frlic {

namespace {

// nlohmann's message without its library tag ("[json.exception.parse_error.101] parse error "):
// " at line 1, column 5: syntax error while parsing value - ...", for people, not for greps.
std::string JsonErrorDetail(const Json::exception& e) {
  std::string text = e.what();
  if (const auto tag_end = text.find("] ");
      text.rfind("[json.exception.", 0) == 0 && tag_end != std::string::npos) {
    text.erase(0, tag_end + 2);
  }
  if (text.rfind("parse error ", 0) == 0) text.erase(0, std::string("parse error").size());
  return text.empty() || text.front() == ' ' ? text : ": " + text;
}

// Thrown by the parser callback to stop at the first object or array beyond kMaxNestingDepth;
// nlohmann's parser is iterative and unwinds cleanly, and what it built so far is at most
// kMaxNestingDepth deep.
struct JsonTooDeep {};

// Parses any JSON value, rejecting duplicate object keys at any depth and nesting deeper
// than kMaxNestingDepth.
Result<Json> ParseWithoutDuplicateKeys(std::string_view text, const std::string& what) {
  // nlohmann keeps the last of duplicate keys; the parser callback sees every key, so a
  // stack of key sets (one per open object) finds duplicates.
  std::vector<std::set<std::string>> open_objects;
  std::string duplicate;
  // `depth` is the number of objects and arrays already open around the event.
  auto callback = [&](int depth, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        if (depth >= kMaxNestingDepth) throw JsonTooDeep{};
        open_objects.emplace_back();
        break;
      case Json::parse_event_t::array_start:
        if (depth >= kMaxNestingDepth) throw JsonTooDeep{};
        break;
      case Json::parse_event_t::object_end:
        if (!open_objects.empty()) open_objects.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!open_objects.empty() &&
            !open_objects.back().insert(parsed.get<std::string>()).second && duplicate.empty()) {
          duplicate = parsed.get<std::string>();
        }
        break;
      default:
        break;
    }
    return true;
  };
  Json value;
  try {
    value = Json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true,
                        /*ignore_comments=*/false);
  } catch (const Json::exception& e) {
    return Error(ErrorCode::kMalformed, what + " is not valid JSON" + JsonErrorDetail(e));
  } catch (const JsonTooDeep&) {
    return Error(ErrorCode::kMalformed, what + " nests objects and arrays more than " +
                                            std::to_string(kMaxNestingDepth) +
                                            " levels deep; frlic reads JSON nested at most " +
                                            std::to_string(kMaxNestingDepth) + " levels deep");
  }
  if (!duplicate.empty()) {
    return Error(ErrorCode::kMalformed,
                 what + " has the object key \"" + duplicate + "\" more than once");
  }
  return value;
}

}  // namespace

Result<Json> ParseStrictJson(std::string_view text, const std::string& what) {
  FRLIC_ASSIGN_OR_RETURN(Json value, ParseWithoutDuplicateKeys(text, what));
  if (!value.is_object()) {
    return Error(ErrorCode::kMalformed, what + " must be a JSON object at the top level");
  }
  return value;
}

Result<Json> ParseStrictJsonArray(std::string_view text, const std::string& what) {
  FRLIC_ASSIGN_OR_RETURN(Json value, ParseWithoutDuplicateKeys(text, what));
  if (!value.is_array()) {
    return Error(ErrorCode::kMalformed, what + " must be a JSON array at the top level");
  }
  return value;
}

void JsonFields::Add(const std::string& key, std::string message, std::string found,
                     std::string expected) {
  problems_.push_back(Problem{file_, 0, 0, prefix_ + key, std::move(message), std::move(found),
                              std::move(expected)});
}

const Json* JsonFields::Field(const std::string& key, Json::value_t type, const char* type_name) {
  auto it = object_.find(key);
  if (it == object_.end()) {
    Add(key, "is missing", {}, std::string("a ") + type_name);
    return nullptr;
  }
  bool matches = it->type() == type || (type == Json::value_t::number_integer &&
                                        it->type() == Json::value_t::number_unsigned);
  if (!matches) {
    Add(key, "has the wrong type", it->type_name(), std::string("a ") + type_name);
    return nullptr;
  }
  return &*it;
}

std::string JsonFields::String(const std::string& key) {
  const Json* v = Field(key, Json::value_t::string, "string");
  return v ? v->get<std::string>() : std::string();
}

std::int64_t JsonFields::Integer(const std::string& key) {
  const Json* v = Field(key, Json::value_t::number_integer, "integer");
  if (v == nullptr) return 0;
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > INT64_MAX) {
    Add(key, "is out of range", v->dump(), "an integer below 2^63");
    return 0;
  }
  return v->get<std::int64_t>();
}

const Json* JsonFields::Object(const std::string& key) {
  return Field(key, Json::value_t::object, "object");
}

const Json* JsonFields::Array(const std::string& key) {
  return Field(key, Json::value_t::array, "array");
}

void JsonFields::RejectUnknown(std::initializer_list<std::string_view> known) {
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    bool listed = false;
    for (auto k : known) listed = listed || k == it.key();
    if (!listed) Add(it.key(), "is not a known field", {}, {});
  }
}

}  // namespace frlic
