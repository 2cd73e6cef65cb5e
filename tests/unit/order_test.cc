// Orders: IPv4 parsing, dates, the templates, Order::Parse/Load and the terms' JSON form.
// The folder-driven cases are in order_vectors_test.cc.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "../fuzz/next_line_numbers.h"
#include "frlic/order/order.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

namespace fs = std::filesystem;

std::string Problems(const Error& error) {
  std::string all = error.message() + "\n";
  for (const auto& p : error.problems()) all += "  " + FormatProblem(p) + "\n";
  return all;
}

constexpr char kLocalOrder[] = R"(order_id: T-1
method: local-container
company: Example Trading Co., Ltd.
project: Sales Analytics
contract_date: 2026-11-01
product:
  name: FineDataLink
  version: "4.1"
  build: "4.1.5-20240105"
expires: 2027-10-31
)";

// kLocalOrder with one line replaced (matched by its start) or, if absent, appended.
std::string WithLine(const std::string& starts_with, const std::string& replacement) {
  std::string text = kLocalOrder;
  auto at = text.find("\n" + starts_with);
  if (at == std::string::npos) return text + replacement + "\n";
  auto end = text.find('\n', at + 1);
  return text.substr(0, at + 1) + replacement + text.substr(end);
}

constexpr std::uint32_t Ip(unsigned a, unsigned b, unsigned c, unsigned d) {
  return a << 24 | b << 16 | c << 8 | d;
}

TEST(OrderIpv4, ParsesStrictDottedQuads) {
  EXPECT_EQ(ParseIpv4("1.0.0.0"), Ip(1, 0, 0, 0));
  EXPECT_EQ(ParseIpv4("255.255.255.255"), 0xffffffffu);
  EXPECT_EQ(ParseIpv4("192.168.100.25"), Ip(192, 168, 100, 25));
  EXPECT_EQ(ParseIpv4("0.0.0.0"), 0u) << "syntax only; the bounds belong to ranges";
  for (const char* bad :
       {"256.1.1.1", "1.256.1.1", "1.1.1.256",  "01.2.3.4", "1.2.3.04", "00.1.2.3", "1.2.3",
        "1.2.3.4.5", "1..2.3",    ".1.2.3",     "1.2.3.",   " 1.2.3.4", "1.2.3.4 ", "+1.2.3.4",
        "1.2.3.-4",  "1.2.3.0x4", "1.2.3.1000", "",         "a.b.c.d",  "1,2,3,4"}) {
    EXPECT_FALSE(ParseIpv4(bad)) << bad;
  }
}

TEST(OrderIpv4, FormatsWhatItParses) {
  for (const char* text : {"1.0.0.0", "255.255.255.255", "10.0.0.1", "192.168.100.25"}) {
    auto address = ParseIpv4(text);
    ASSERT_TRUE(address) << text;
    EXPECT_EQ(FormatIpv4(*address), text);
  }
}

TEST(OrderIpRange, AcceptsTheFormsOfTheEmails) {
  const IpRange expected{Ip(192, 168, 100, 25), Ip(192, 168, 100, 26)};
  EXPECT_EQ(ParseIpRange("192.168.100.25 - 192.168.100.26"), expected);
  EXPECT_EQ(ParseIpRange("192.168.100.25-192.168.100.26"), expected);
  EXPECT_EQ(ParseIpRange("192.168.100.25 -192.168.100.26"), expected);
  EXPECT_EQ(ParseIpRange("192.168.100.25   -   192.168.100.26"), expected);
  EXPECT_EQ(ParseIpRange("192.168.0.1"), (IpRange{Ip(192, 168, 0, 1), Ip(192, 168, 0, 1)}));
  EXPECT_EQ(ParseIpRange("1.0.0.0 - 255.255.255.255"), (IpRange{Ip(1, 0, 0, 0), 0xffffffffu}));
  EXPECT_EQ(ParseIpRange("1.2.3.4 - 1.2.3.4"), (IpRange{Ip(1, 2, 3, 4), Ip(1, 2, 3, 4)}));
}

TEST(OrderIpRange, RejectsWithTheReason) {
  struct Case {
    const char* text;
    const char* why;
  };
  for (const Case& c : {
           Case{"0.255.255.255", "is below 1.0.0.0"},
           Case{"0.0.0.0", "is below 1.0.0.0"},
           Case{"0.255.255.255 - 1.0.0.5", "starts below 1.0.0.0"},
           Case{"256.1.1.1", "has the part 256, above 255"},
           Case{"1.2.3.1000", "has the part 1000, above 255"},
           Case{"01.2.3.4", "has a leading zero in \"01\""},
           Case{"1.2.3.5 - 1.2.3.4", "ends before it starts"},
           Case{"192.168.100.26 - 192.168.100.25", "ends before it starts"},
           Case{"1.2.3 - 1.2.3.4", "starts with an address that is not four numbers"},
           Case{"1.2.3.4 - 1.2.3.256", "ends with an address that has the part 256"},
           Case{"1.2.3.4 - ", "ends with an address that is not four numbers"},
           Case{"1.2.3.4 - 1.2.3.5 - 1.2.3.6", "ends with an address that is not four numbers"},
           Case{"1.2.3.4\t-\t1.2.3.5", "starts with an address that is not four numbers"},
           Case{" 1.2.3.4", "is not four numbers separated by dots"},
       }) {
    std::string why;
    EXPECT_FALSE(ParseIpRange(c.text, &why)) << c.text;
    EXPECT_NE(why.find(c.why), std::string::npos) << c.text << ": " << why;
  }
}

TEST(OrderIpRange, ContainsIsInclusiveAndFormatIsCanonical) {
  IpRange range{Ip(10, 0, 0, 1), Ip(10, 0, 0, 9)};
  EXPECT_FALSE(range.Contains(Ip(10, 0, 0, 0)));
  EXPECT_TRUE(range.Contains(Ip(10, 0, 0, 1)));
  EXPECT_TRUE(range.Contains(Ip(10, 0, 0, 9)));
  EXPECT_FALSE(range.Contains(Ip(10, 0, 0, 10)));
  EXPECT_EQ(FormatIpRange(range), "10.0.0.1 - 10.0.0.9");
  EXPECT_EQ(FormatIpRange({Ip(10, 0, 0, 1), Ip(10, 0, 0, 1)}), "10.0.0.1");
  EXPECT_EQ(FormatIpRange(*ParseIpRange("10.0.0.1-10.0.0.9")), "10.0.0.1 - 10.0.0.9");
}

TEST(OrderMethod, NamesRoundTripExactly) {
  for (Method m : {Method::kLocalContainer, Method::kPrivateCloud, Method::kContainerPrivateCloud,
                   Method::kPublicCloud}) {
    EXPECT_EQ(ParseMethod(MethodName(m)), m);
  }
  EXPECT_STREQ(MethodName(Method::kContainerPrivateCloud), "container-private-cloud");
  EXPECT_FALSE(ParseMethod("Local-Container"));
  EXPECT_FALSE(ParseMethod("private cloud"));
  EXPECT_FALSE(ParseMethod(""));
}

TEST(OrderParse, ReadsEveryFieldAsWritten) {
  auto order = Order::Parse(kLocalOrder, "order.yaml");
  ASSERT_OK(order);
  EXPECT_EQ(order->order_id(), "T-1");
  EXPECT_EQ(order->method(), Method::kLocalContainer);
  const Terms& t = order->terms();
  EXPECT_EQ(t.company, "Example Trading Co., Ltd.");
  EXPECT_EQ(t.project, "Sales Analytics");
  EXPECT_EQ(t.contract_date, (CivilDate{2026, 11, 1}));
  EXPECT_EQ(t.expires, (CivilDate{2027, 10, 31}));
  EXPECT_EQ(t.product, (ProductVersion{"FineDataLink", "4.1", "4.1.5-20240105"}));
  EXPECT_EQ(t.capacity, 1) << "the e-mails' default";
  EXPECT_TRUE(t.app_names.empty());
  EXPECT_TRUE(t.features.empty());
  EXPECT_FALSE(t.port);
  EXPECT_FALSE(t.public_ip);
}

TEST(OrderParse, KeepsVersionTextAsWritten) {
  // A YAML float would turn 4.10 into 4.1, which certifies another version.
  auto order = Order::Parse(WithLine("  version:", "  version: 4.10"), "order.yaml");
  ASSERT_OK(order);
  EXPECT_EQ(order->terms().product.version, "4.10");
}

TEST(OrderParse, ReadsListsAndServer) {
  std::string text = std::string(kLocalOrder);
  text.replace(text.find("local-container"), 15, "private-cloud");
  text +=
      "capacity: 3\napp_names: [report1, report2]\nfeatures: [data-sync]\n"
      "ip_ranges:\n  - 192.168.100.25 - 192.168.100.26\n  - 192.168.0.1\n"
      "server: {domain: license.example.com, public_ip: 203.0.113.10}\n";
  auto order = Order::Parse(text, "order.yaml");
  ASSERT_OK(order);
  const Terms& t = order->terms();
  EXPECT_EQ(t.capacity, 3);
  EXPECT_EQ(t.app_names, (std::vector<std::string>{"report1", "report2"}));
  EXPECT_EQ(t.features, (std::vector<std::string>{"data-sync"}));
  EXPECT_EQ(t.ip_ranges, (std::vector<IpRange>{{Ip(192, 168, 100, 25), Ip(192, 168, 100, 26)},
                                               {Ip(192, 168, 0, 1), Ip(192, 168, 0, 1)}}));
  EXPECT_EQ(t.domain, "license.example.com");
  EXPECT_EQ(t.public_ip, Ip(203, 0, 113, 10));
}

TEST(OrderDates, LeapDaysFollowTheCalendar) {
  auto invalid = Order::Parse(WithLine("contract_date:", "contract_date: 2026-02-29"), "o.yaml");
  ASSERT_FALSE(invalid.ok());
  ASSERT_EQ(invalid.error().problems().size(), 1u) << Problems(invalid.error());
  const Problem& p = invalid.error().problems()[0];
  EXPECT_EQ(p.field, "contract_date");
  EXPECT_EQ(p.line, 5);
  EXPECT_EQ(p.column, 16);
  EXPECT_EQ(p.message, "is not a real calendar day");
  EXPECT_EQ(p.found, "\"2026-02-29\"");

  auto valid = Order::Parse(WithLine("expires:", "expires: 2028-02-29"), "o.yaml");
  ASSERT_OK(valid);
  EXPECT_EQ(valid->terms().expires, (CivilDate{2028, 2, 29}));
}

TEST(OrderDates, ExpiryMustBeAfterTheContract) {
  EXPECT_OK(Order::Parse(WithLine("expires:", "expires: 2026-11-02"), "o.yaml"));
  auto same = Order::Parse(WithLine("expires:", "expires: 2026-11-01"), "o.yaml");
  ASSERT_FALSE(same.ok());
  ASSERT_EQ(same.error().problems().size(), 1u);
  EXPECT_EQ(same.error().problems()[0].field, "expires");
  EXPECT_EQ(same.error().problems()[0].line, 10);
  EXPECT_EQ(same.error().problems()[0].expected, "a date after 2026-11-01");
}

TEST(OrderDates, SlashesGetTheDashedDateAsHint) {
  auto order = Order::Parse(WithLine("contract_date:", "contract_date: 2026/11/01"), "o.yaml");
  ASSERT_FALSE(order.ok());
  ASSERT_EQ(order.error().problems().size(), 1u);
  EXPECT_NE(order.error().problems()[0].expected.find("2026-11-01"), std::string::npos);
}

TEST(OrderParse, ReportsEveryProblemWithItsPlace) {
  const std::string text =
      "order_id: X\nmethod: local-container\ncapacity: -1\nexpires: 2027-13-01\n";
  auto order = Order::Parse(text, "bad.yaml");
  ASSERT_FALSE(order.ok());
  const Error& error = order.error();
  EXPECT_EQ(error.code(), ErrorCode::kInvalidInput);
  // company, project, contract_date, product missing (at the top level, 1:1); capacity and
  // expires wrong at their values.
  ASSERT_EQ(error.problems().size(), 6u) << Problems(error);
  EXPECT_EQ(error.message(), "bad.yaml: 6 problems");
  const Problem& last = error.problems().back();  // sorted by position
  EXPECT_EQ(FormatProblem(last),
            "bad.yaml:4:10: expires: is not a real calendar day (found \"2027-13-01\"; expected "
            "a date that exists, YYYY-MM-DD, year 1970 to 9999)");
  const Problem& capacity = error.problems()[4];
  EXPECT_EQ(capacity.field, "capacity");
  EXPECT_EQ(capacity.line, 3);
  EXPECT_EQ(capacity.column, 11);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(error.problems()[i].line, 1);
    EXPECT_EQ(error.problems()[i].column, 1);
  }
}

TEST(OrderParse, OneProblemIsSingular) {
  auto order = Order::Parse(WithLine("capacity:", "capacity: 0"), "one.yaml");
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().message(), "one.yaml: 1 problem");
}

TEST(OrderParse, MalformedYamlIsOneProblemAtTheParsersPosition) {
  auto order = Order::Parse("order_id: X\nmethod: [local-container\n", "broken.yaml");
  ASSERT_FALSE(order.ok());
  ASSERT_EQ(order.error().problems().size(), 1u);
  const Problem& p = order.error().problems()[0];
  EXPECT_EQ(p.line, 3);
  EXPECT_NE(p.message.find("is not valid YAML"), std::string::npos) << p.message;
}

TEST(OrderParse, TabIndentationIsNamed) {
  auto order =
      Order::Parse("order_id: X\nproduct:\n  name: FineBI\n \tversion: \"6.1\"\n", "t.yaml");
  ASSERT_FALSE(order.ok());
  ASSERT_EQ(order.error().problems().size(), 1u) << Problems(order.error());
  EXPECT_EQ(order.error().problems()[0].line, 4);
  EXPECT_EQ(order.error().problems()[0].column, 2);
  EXPECT_EQ(order.error().problems()[0].message, "the line is indented with a tab");
}

TEST(OrderParse, RefusesHugeInput) {
  std::string text(kLocalOrder);
  text += "# " + std::string(1 << 20, 'x') + "\n";
  auto order = Order::Parse(text, "big.yaml");
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().code(), ErrorCode::kInvalidInput);
  ASSERT_EQ(order.error().problems().size(), 1u);
  EXPECT_EQ(order.error().problems()[0].message, "the file is larger than 1 MiB");
}

TEST(OrderParse, DeepNestingIsAnErrorNotACrash) {
  std::string text = "order_id: " + std::string(100000, '[') + "\n";
  auto order = Order::Parse(text, "deep.yaml");
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().code(), ErrorCode::kInvalidInput);
}

// The one nesting limit (64 levels, docs/formats.md section 1) holds for the order's YAML:
// yaml-cpp recurses once per level, so the depth is checked while the document is parsed.
// The top-level mapping is level 1, so `company:` takes 63 nested lists and refuses 64.
TEST(OrderParse, NestingAtTheLimitIsReadAndBeyondItRefused) {
  auto nested = [](std::size_t lists) {
    return WithLine("company:",
                    "company: " + std::string(lists, '[') + "x" + std::string(lists, ']'));
  };
  auto at_limit = Order::Parse(nested(63), "deep.yaml");
  ASSERT_FALSE(at_limit.ok());
  ASSERT_EQ(at_limit.error().problems().size(), 1u) << Problems(at_limit.error());
  EXPECT_EQ(at_limit.error().problems()[0].message, "has the wrong type");

  auto beyond = Order::Parse(nested(64), "deep.yaml");
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.error().code(), ErrorCode::kInvalidInput);
  ASSERT_EQ(beyond.error().problems().size(), 1u) << Problems(beyond.error());
  const Problem& p = beyond.error().problems()[0];
  EXPECT_EQ(p.file, "deep.yaml");
  EXPECT_EQ(p.line, 3);
  EXPECT_EQ(p.column, 10 + 63);  // the 64th '['
  EXPECT_EQ(p.field, "company");
  EXPECT_EQ(p.message, "nests lists and mappings more than 64 levels deep");
}

TEST(OrderParse, HundredThousandLevelsAreOneProblemAtTheirPlace) {
  const std::string open(100000, '[');
  const std::string close(100000, ']');
  const std::string mappings = [] {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "{a: ";
    return text;
  }();
  // Block mappings nest by indentation: the mapping that starts on line N is level N.
  const std::string block = [] {
    std::string text;
    for (int i = 0; i < 65; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
    return text + std::string(65, ' ') + "x\n";
  }();
  struct Case {
    std::string text;
    int line;
    std::string field;
  };
  for (const Case& c : {Case{"company: " + open + close + "\n", 1, "company"},
                        Case{"order_id: X\ncompany: " + open + "\n", 2, "company"},
                        Case{"project: " + mappings + "\n", 1, "project"},
                        Case{open + close + "\n", 1, ""}, Case{block, 65, "a"}}) {
    auto order = Order::Parse(c.text, "deep.yaml");
    ASSERT_FALSE(order.ok());
    EXPECT_EQ(order.error().code(), ErrorCode::kInvalidInput);
    ASSERT_EQ(order.error().problems().size(), 1u) << Problems(order.error());
    const Problem& p = order.error().problems()[0];
    EXPECT_EQ(p.line, c.line) << Problems(order.error());
    EXPECT_EQ(p.field, c.field) << Problems(order.error());
    EXPECT_EQ(p.message, "nests lists and mappings more than 64 levels deep");
  }
}

// A plain order is parsed once; anything that could end its document early, open a second one
// or nest deeply is parsed the long way (document scan first). Each case would be read as a
// valid one-document order by a single YAML::Load.
TEST(OrderParse, WhatOnlyTheDocumentScanFindsIsStillReported) {
  const std::string order = kLocalOrder;
  auto indented = [&] {  // every line indented by two, then one in column 0
    std::string text;
    for (std::size_t start = 0; start < order.size();) {
      std::size_t end = order.find('\n', start);
      text += "  " + order.substr(start, end + 1 - start);
      start = end + 1;
    }
    return text + "notes: dropped by a single load\n";
  }();
  struct Case {
    std::string name;
    std::string text;
    std::string message;
  };
  const char* kTwo = "the file holds more than one YAML document ('---')";
  const char* kDeep = "nests lists and mappings more than 64 levels deep";
  // Nested lists, n levels, in a flow sequence under notes: (levels 1 and 2 are the order's
  // mapping and that sequence).
  auto nested = [](int n) { return std::string(n, '[') + std::string(n, ']'); };
  // UTF-16: yaml-cpp converts it, so "---" is not seen as bytes.
  std::string utf16 = "\xff\xfe";
  for (char ch : order + "---\nnotes: second\n") utf16 += std::string{ch, '\0'};
  for (const Case& c : {
           Case{"indented", indented, kTwo},
           Case{"anchored in column 0, indented", "&root\n" + indented, kTwo},
           Case{"second document", order + "---\nnotes: second\n", kTwo},
           Case{"directive", order + "...\n%YAML 1.2\n---\nnotes: second\n", kTwo},
           Case{"UTF-16", utf16, kTwo},
           // A null first key ("?" alone) has the mark of what follows it, in column 0.
           Case{"null first key, indented", "   ?\n" + order, kTwo},
           Case{"null first key, then a stray token", "   ?\n,\n",
                "is not valid YAML: unexpected \",\""},
           // Nesting on a "#" line inside a quoted scalar, where the opener count does not look:
           // the depth of the loaded tree is checked (100 levels), and past yaml-cpp's own limit
           // (about 500 levels of flow nesting) its Load stops by itself.
           Case{"deep after a quoted '#' line",
                WithLine("notes:", "notes: [\"x\n#\", " + nested(100) + "]"), kDeep},
           Case{"deeper than yaml-cpp reads",
                WithLine("notes:", "notes: [\"x\n#\", " + nested(3000) + "]"), kDeep},
       }) {
    auto parsed = Order::Parse(c.text, "order.yaml");
    ASSERT_FALSE(parsed.ok()) << c.name;
    bool found = false;
    for (const Problem& p : parsed.error().problems()) found = found || p.message == c.message;
    EXPECT_TRUE(found) << c.name << ": " << Problems(parsed.error());
  }
  // The limit exactly, with the nesting hidden from the opener count: 64 levels are read (and
  // the list under notes: is then the only problem), 65 are too deep.
  for (int levels : {64, 65}) {
    auto parsed =
        Order::Parse(WithLine("notes:", "notes: [\"x\n#\", " + nested(levels - 2) + "]"), "o.yaml");
    ASSERT_FALSE(parsed.ok()) << levels;
    bool deep = false;
    for (const Problem& p : parsed.error().problems()) deep = deep || p.message == kDeep;
    EXPECT_EQ(deep, levels > 64) << levels << ": " << Problems(parsed.error());
  }
  // Many collection indicators in plain text: parsed the long way, and still valid.
  std::string notes = "notes: x";
  for (int i = 0; i < 70; ++i) notes += "-x";
  auto many = Order::Parse(WithLine("notes:", notes), "order.yaml");
  EXPECT_TRUE(many.ok()) << Problems(many.error());
}

// The one pass gives yaml-cpp the order with its comment lines cut to their '#'
// (order_document.cc, TextForOnePass). A line in column 0 that starts with '#' inside a
// quoted scalar is text, not a comment: it is read from the file, whole.
TEST(OrderParse, AHashLineInsideQuotesIsText) {
  struct Case {
    const char* company_line;
    const char* company;
  };
  for (const Case& c : {
           Case{"company: \"Example\n# Trading Co.\"", "Example # Trading Co."},
           Case{"company: 'Example\n# O''Brien'", "Example # O'Brien"},
           Case{"company: \"Example \\\n# Trading\"", "Example # Trading"},
           Case{"company: &name \"Example\n# Trading\"", "Example # Trading"},
       }) {
    // A comment line before it, so that something is cut.
    auto order = Order::Parse("# an order\n" + WithLine("company:", c.company_line), "o.yaml");
    ASSERT_TRUE(order.ok()) << c.company_line << ": " << Problems(order.error());
    EXPECT_EQ(order->terms().company, c.company) << c.company_line;
  }
  // A comment line between a block scalar's lines ends it, as in the file.
  auto ended = Order::Parse(WithLine("notes:", "notes: |\n  first\n# comment\n  second"), "o.yaml");
  ASSERT_FALSE(ended.ok());
  EXPECT_EQ(ended.error().problems().at(0).line, 14) << Problems(ended.error());
}

using testing_order::NextLineNumbers;

// Every order file the tests know gives the same verdict parsed once (as most are) and parsed
// the long way, forced by a "---" line in front (which moves every line down by one).
TEST(OrderParse, OnePassAndDocumentScanAgree) {
  std::vector<fs::path> files;
  for (const char* dir : {"tests/vectors/orders/valid", "tests/vectors/orders/invalid",
                          "tests/fuzz/corpus/order", "templates/orders"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(FRLIC_SOURCE_DIR) / dir)) {
      if (entry.path().extension() == ".yaml" || entry.path().parent_path().filename() == "order") {
        files.push_back(entry.path());
      }
    }
  }
  ASSERT_GT(files.size(), 100u);
  std::size_t compared = 0;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // A text that already starts a document, has a byte order mark or is empty is read the
    // long way already, or changes meaning with the prefix.
    if (text.empty() || text.find("---") != std::string::npos ||
        text.find('%') != std::string::npos || text.starts_with("\xef\xbb\xbf") ||
        text.find('\0') != std::string::npos) {
      continue;
    }
    auto once = Order::Parse(text, "order.yaml");
    auto scanned = Order::Parse("---\n" + text, "order.yaml");
    ASSERT_EQ(once.ok(), scanned.ok()) << file;
    ++compared;
    if (once.ok()) {
      EXPECT_TRUE(once->terms() == scanned->terms()) << file;
      continue;
    }
    const auto& a = once.error().problems();
    const auto& b = scanned.error().problems();
    ASSERT_EQ(a.size(), b.size()) << file << "\n"
                                  << Problems(once.error()) << Problems(scanned.error());
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].message != "the file holds no order") {  // at the document's start
        EXPECT_EQ(a[i].line == 0 ? 0 : a[i].line + 1, b[i].line) << file;
      }
      EXPECT_EQ(a[i].column, b[i].column) << file;
      EXPECT_EQ(a[i].field, b[i].field) << file;
      EXPECT_EQ(a[i].message, b[i].message) << file;
      EXPECT_EQ(a[i].found, b[i].found) << file;
      EXPECT_EQ(NextLineNumbers(a[i].expected), b[i].expected) << file;
    }
  }
  EXPECT_GT(compared, 80u);
}

// The UTF-8 bytes of one code point.
std::string OrderTestUtf8(unsigned long c) {
  auto byte = [](unsigned long value) { return static_cast<char>(value); };
  if (c < 0x80) return std::string(1, byte(c));
  if (c < 0x800) return {byte(0xc0 | c >> 6), byte(0x80 | (c & 0x3f))};
  return {byte(0xe0 | c >> 12), byte(0x80 | (c >> 6 & 0x3f)), byte(0x80 | (c & 0x3f))};
}

// Free text (company, project, app names, project content) holds no control characters and
// no bidirectional formatting characters, which would make a name display as another; the
// problem names the field, its line and the code point, and shows the value escaped.
TEST(OrderParse, ControlAndBidiCharactersInTextAreNamed) {
  struct Case {
    const char* escaped;  // as written in the YAML (double-quoted)
    const char* named;
  };
  const Case cases[] = {
      {"\\u202A", "U+202A LEFT-TO-RIGHT EMBEDDING"},
      {"\\u202B", "U+202B RIGHT-TO-LEFT EMBEDDING"},
      {"\\u202C", "U+202C POP DIRECTIONAL FORMATTING"},
      {"\\u202D", "U+202D LEFT-TO-RIGHT OVERRIDE"},
      {"\\u202E", "U+202E RIGHT-TO-LEFT OVERRIDE"},
      {"\\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"},
      {"\\u2067", "U+2067 RIGHT-TO-LEFT ISOLATE"},
      {"\\u2068", "U+2068 FIRST STRONG ISOLATE"},
      {"\\u2069", "U+2069 POP DIRECTIONAL ISOLATE"},
      {"\\u200E", "U+200E LEFT-TO-RIGHT MARK"},
      {"\\u200F", "U+200F RIGHT-TO-LEFT MARK"},
      {"\\u061C", "U+061C ARABIC LETTER MARK"},
      {"\\t", "U+0009 CHARACTER TABULATION"},
      {"\\x1b", "U+001B ESCAPE"},
      {"\\x7f", "U+007F DELETE"},
      {"\\x85", "U+0085 NEXT LINE"},
      {"\\x9b", "U+009B"},
      {"\\u2028", "U+2028 LINE SEPARATOR"},
  };
  struct Field {
    const char* line_start;
    const char* path;
    int line;
  };
  const Field fields[] = {{"company:", "company", 3},
                          {"project:", "project", 4},
                          {"app_names:", "app_names[0]", 11},
                          {"project_content:", "project_content", 11}};
  for (const Case& c : cases) {
    for (const Field& f : fields) {
      std::string key = std::string(f.line_start);
      std::string value = "\"Acme" + std::string(c.escaped) + "Trading\"";
      std::string line = key == "app_names:" ? key + " [" + value + "]" : key + " " + value;
      auto order = Order::Parse(WithLine(f.line_start, line), "bidi.yaml");
      ASSERT_FALSE(order.ok()) << line;
      EXPECT_EQ(order.error().code(), ErrorCode::kInvalidInput);
      ASSERT_EQ(order.error().problems().size(), 1u) << Problems(order.error());
      const Problem& p = order.error().problems()[0];
      EXPECT_EQ(p.file, "bidi.yaml");
      EXPECT_EQ(p.field, f.path);
      EXPECT_EQ(p.line, f.line) << Problems(order.error());
      EXPECT_NE(p.message.find(std::string(c.named) + ", at character 5"), std::string::npos)
          << p.message;
      // The value is shown with the character escaped, never raw.
      const std::string hex = std::string(c.named).substr(2, 4);
      std::string lower = hex;
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const bool tab = hex == "0009";
      EXPECT_NE(p.found.find(tab ? "\\t" : "\\u" + lower), std::string::npos) << p.found;
      EXPECT_EQ(p.found.find(OrderTestUtf8(std::stoul(hex, nullptr, 16))), std::string::npos)
          << p.found;
    }
  }
}

TEST(OrderParse, TextWithoutDirectionControlsIsAccepted) {
  // Right-to-left script itself is fine: only the invisible formatting characters are refused.
  auto order =
      Order::Parse(WithLine("company:", "company: \"\u0634\u0631\u0643\u0629 Acme\""), "rtl.yaml");
  ASSERT_OK(order);
  EXPECT_EQ(order->terms().company, "\u0634\u0631\u0643\u0629 Acme");
}

class OrderLoad : public testing::TempDirTest {};

TEST_F(OrderLoad, ReadsTheFileAndNamesItInProblems) {
  std::ofstream(Path("ok.yaml")) << kLocalOrder;
  auto order = Order::Load(Path("ok.yaml"));
  ASSERT_OK(order);
  EXPECT_EQ(order->order_id(), "T-1");

  std::ofstream(Path("bad.yaml")) << WithLine("capacity:", "capacity: two");
  auto bad = Order::Load(Path("bad.yaml"));
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().problems().size(), 1u);
  EXPECT_EQ(bad.error().problems()[0].file, Path("bad.yaml"));
  EXPECT_EQ(bad.error().message(), Path("bad.yaml") + ": 1 problem");
}

TEST_F(OrderLoad, MissingAndOversizedFiles) {
  EXPECT_EQ(Order::Load(Path("absent.yaml")).error().code(), ErrorCode::kNotFound);
  std::ofstream(Path("big.yaml")) << std::string((1 << 20) + 1, '#');
  EXPECT_EQ(Order::Load(Path("big.yaml")).error().code(), ErrorCode::kInvalidInput);
}

// The templates are what business staff copy: each must parse as the method it is named for.
TEST(OrderTemplates, EveryTemplateParses) {
  const fs::path folder = fs::path(FRLIC_SOURCE_DIR) / "templates" / "orders";
  std::set<std::string> ids;
  for (Method method : {Method::kLocalContainer, Method::kPrivateCloud,
                        Method::kContainerPrivateCloud, Method::kPublicCloud}) {
    const fs::path path = folder / (std::string(MethodName(method)) + ".yaml");
    ASSERT_TRUE(fs::exists(path)) << path;
    auto order = Order::Load(path.string());
    ASSERT_OK(order);
    EXPECT_EQ(order->method(), method) << path;
    EXPECT_TRUE(ids.insert(order->order_id()).second) << "order_id repeated in " << path;
    EXPECT_EQ(order->terms().contract_date.year, 2026) << path;
    EXPECT_EQ(order->terms().expires.year, 2027) << path;
    EXPECT_EQ(order->terms().company, "Example Trading Co., Ltd.") << path;
    auto again = TermsFromJson(TermsToJson(order->terms()), "terms");
    ASSERT_OK(again);
    EXPECT_EQ(*again, order->terms()) << path;
  }
  auto private_cloud = Order::Load((folder / "private-cloud.yaml").string());
  ASSERT_OK(private_cloud);
  ASSERT_FALSE(private_cloud->terms().ip_ranges.empty());
  EXPECT_EQ(FormatIpRange(private_cloud->terms().ip_ranges[0]), "192.168.100.25 - 192.168.100.26");
}

// Every prefix of a template (a file cut off while saving, a half-pasted e-mail) gives a
// result, never an exception, and each problem says where and what.
TEST(OrderParse, EveryPrefixOfATemplateIsHandled) {
  const fs::path path = fs::path(FRLIC_SOURCE_DIR) / "templates" / "orders" / "private-cloud.yaml";
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(text.size(), 500u);
  int failures = 0;
  for (std::size_t size = 0; size <= text.size(); ++size) {
    auto order = Order::Parse(std::string_view(text).substr(0, size), "cut.yaml");
    if (order.ok()) continue;
    ++failures;
    ASSERT_EQ(order.error().code(), ErrorCode::kInvalidInput) << size;
    ASSERT_FALSE(order.error().problems().empty()) << size;
    for (const auto& p : order.error().problems()) {
      ASSERT_GE(p.line, 1) << size << ": " << FormatProblem(p);
      ASSERT_GE(p.column, 1) << size << ": " << FormatProblem(p);
      ASSERT_FALSE(p.message.empty()) << size;
    }
  }
  EXPECT_GT(failures, 100);
  EXPECT_OK(Order::Parse(text, "whole.yaml"));
}

Terms FullTerms() {
  Terms t;
  t.method = Method::kPrivateCloud;
  t.company = "Example Trading Co., Ltd.";
  t.project = "Group Reporting";
  t.contract_date = {2026, 10, 15};
  t.product = {"FineDataLink", "4.1", "4.1.5-20240105"};
  t.capacity = 3;
  t.expires = {2027, 10, 14};
  t.app_names = {"report1", "report2"};
  t.ip_ranges = {{Ip(192, 168, 100, 25), Ip(192, 168, 100, 26)},
                 {Ip(10, 0, 0, 1), Ip(10, 0, 0, 1)}};
  t.domain = "license.example.com";
  t.public_ip = Ip(203, 0, 113, 10);
  t.features = {"data-sync"};
  return t;
}

TEST(OrderTermsJson, CanonicalFormIsPinned) {
  EXPECT_EQ(
      TermsToJson(FullTerms()).dump(),
      R"({"app_names":["report1","report2"],"capacity":3,"company":"Example Trading Co., Ltd.",)"
      R"("contract_date":"2026-10-15","domain":"license.example.com","expires":"2027-10-14",)"
      R"("features":["data-sync"],"ip_ranges":["192.168.100.25 - 192.168.100.26","10.0.0.1"],)"
      R"("method":"private-cloud","product":{"build":"4.1.5-20240105","name":"FineDataLink",)"
      R"("version":"4.1"},"project":"Group Reporting","public_ip":"203.0.113.10"})");
  Terms minimal;
  minimal.method = Method::kPublicCloud;
  minimal.company = "C";
  minimal.contract_date = {2026, 11, 20};
  minimal.expires = {2027, 11, 19};
  minimal.product.name = "FineBI";
  EXPECT_EQ(TermsToJson(minimal).dump(),
            R"({"capacity":1,"company":"C","contract_date":"2026-11-20","expires":"2027-11-19",)"
            R"("features":[],"method":"public-cloud","product":{"name":"FineBI"}})");
}

TEST(OrderTermsJson, RoundTripsExactly) {
  Terms container = FullTerms();
  container.method = Method::kContainerPrivateCloud;
  container.ip_ranges.clear();
  container.port = 18081;
  Terms local = FullTerms();
  local.method = Method::kLocalContainer;
  local.ip_ranges.clear();
  local.domain.clear();
  local.public_ip.reset();
  local.project_content = "sales-analytics-prod";
  Terms cloud = FullTerms();
  cloud.method = Method::kPublicCloud;
  cloud.ip_ranges.clear();
  cloud.domain.clear();
  cloud.public_ip.reset();
  cloud.project.clear();
  cloud.product.version.clear();
  cloud.account_name = "example-trading";
  for (const Terms& t : {FullTerms(), container, local, cloud}) {
    auto again = TermsFromJson(TermsToJson(t), "terms");
    ASSERT_OK(again) << MethodName(t.method);
    EXPECT_EQ(*again, t) << MethodName(t.method);
  }
}

TEST(OrderTermsJson, RejectsEveryDeviationAtOnce) {
  Json json = TermsToJson(FullTerms());
  json["colour"] = "blue";                               // unknown key
  json["capacity"] = 1.5;                                // wrong type
  json["ip_ranges"] = {"10.0.0.1-10.0.0.2", "0.1.2.3"};  // not canonical; below bound
  json["app_names"] = Json::array();                     // empty: the writer omits it
  json["port"] = 0;                                      // not a port number
  json["product"]["edition"] = "pro";                    // unknown nested key
  json.erase("features");                                // always present
  auto terms = TermsFromJson(json, "licence.lic");
  ASSERT_FALSE(terms.ok());
  EXPECT_EQ(terms.error().code(), ErrorCode::kMalformed);
  std::set<std::string> fields;
  for (const auto& p : terms.error().problems()) {
    fields.insert(p.field);
    EXPECT_EQ(p.file, "licence.lic");
  }
  EXPECT_EQ(fields, (std::set<std::string>{"terms.colour", "terms.capacity", "terms.ip_ranges[0]",
                                           "terms.ip_ranges[1]", "terms.app_names", "terms.port",
                                           "terms.product.edition", "terms.features"}))
      << Problems(terms.error());
  EXPECT_EQ(terms.error().problems().size(), 8u) << Problems(terms.error());
}

TEST(OrderTermsJson, AppliesTheOrderRules) {
  Json json = TermsToJson(FullTerms());
  json["method"] = "private cloud";
  json["expires"] = "2026-10-15";  // not after contract_date
  json["capacity"] = 0;
  json["product"]["name"] = "FineSheet";
  json["features"] = {"a b"};
  auto terms = TermsFromJson(json, "t");
  ASSERT_FALSE(terms.ok());
  std::set<std::string> fields;
  for (const auto& p : terms.error().problems()) fields.insert(p.field);
  EXPECT_EQ(fields, (std::set<std::string>{"terms.method", "terms.expires", "terms.capacity",
                                           "terms.product.name", "terms.features[0]"}))
      << Problems(terms.error());

  EXPECT_FALSE(TermsFromJson(Json::array(), "t").ok());
  Json missing_ranges = TermsToJson(FullTerms());
  missing_ranges.erase("ip_ranges");
  auto no_ranges = TermsFromJson(missing_ranges, "t");
  ASSERT_FALSE(no_ranges.ok());
  EXPECT_EQ(no_ranges.error().problems()[0].message, "is required for method private-cloud");
}

}  // namespace
}  // namespace frlic

namespace frlic {
namespace {

// A private-cloud order with these ip_ranges items (each a YAML list item) appended.
std::string PrivateCloudOrderWithRanges(const std::vector<std::string>& ranges) {
  std::string text = kLocalOrder;
  text.replace(text.find("local-container"), 15, "private-cloud");
  text += "ip_ranges:\n";
  for (const auto& range : ranges) text += "  - " + range + "\n";
  return text;
}

TEST(OrderPrivateRanges, PrivateBlocksAndSharedSpaceArePrivate) {
  for (const char* text : {"10.0.0.0 - 10.255.255.255", "172.16.0.1", "172.31.255.255",
                           "192.168.0.1 - 192.168.255.254", "100.64.0.0 - 100.127.255.255"}) {
    EXPECT_TRUE(IsPrivateRange(*ParseIpRange(text))) << text;
  }
  for (const char* text : {"8.8.8.8", "172.32.0.1", "172.15.255.255", "169.254.1.1", "127.0.0.1",
                           "100.128.0.0", "192.169.0.1",
                           // straddles the end of 10.0.0.0/8
                           "10.255.255.255 - 11.0.0.0", "9.255.255.255 - 10.0.0.1"}) {
    EXPECT_FALSE(IsPrivateRange(*ParseIpRange(text))) << text;
  }
  EXPECT_EQ(PrivateBlocksText(), "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10");
}

TEST(OrderPrivateRanges, PublicRangesAreWarningsWithTheirPlace) {
  auto order = Order::Parse(
      PrivateCloudOrderWithRanges({"192.168.0.1", "8.8.8.8", "169.254.0.1 - 169.254.0.9"}),
      "order.yaml");
  ASSERT_OK(order);  // a warning never makes an order invalid
  ASSERT_EQ(order->warnings().size(), 2u);
  const Problem& first = order->warnings()[0];
  EXPECT_EQ(first.field, "ip_ranges[1]");
  EXPECT_EQ(first.line, 13);
  EXPECT_EQ(first.message, "is not a private address range");
  EXPECT_EQ(first.found, "\"8.8.8.8\"");
  EXPECT_NE(first.expected.find("10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10"),
            std::string::npos);
  EXPECT_EQ(order->warnings()[1].field, "ip_ranges[2]");
  // Only ip_ranges: the server's public address is public by nature.
  auto with_public_ip = Order::Parse(
      PrivateCloudOrderWithRanges({"10.1.2.3"}) + "server: {public_ip: 203.0.113.10}\n",
      "order.yaml");
  ASSERT_OK(with_public_ip);
  EXPECT_TRUE(with_public_ip->warnings().empty());
}

TEST(OrderNotes, NotesAndRequesterAreReadAndNotInTheTerms) {
  auto order = Order::Parse(std::string(kLocalOrder) +
                                "notes: |\n  Cluster of 2 nodes.\n    \tsecond line\n\n"
                                "requested_by: buyer@example-trading.com\n",
                            "order.yaml");
  ASSERT_OK(order);
  EXPECT_EQ(order->notes(), "Cluster of 2 nodes.\n  \tsecond line");
  EXPECT_EQ(order->requested_by(), "buyer@example-trading.com");
  const std::string terms = TermsToJson(order->terms()).dump();
  EXPECT_EQ(terms.find("notes"), std::string::npos);
  EXPECT_EQ(terms.find("buyer"), std::string::npos);
  auto without = Order::Parse(kLocalOrder, "order.yaml");
  ASSERT_OK(without);
  EXPECT_EQ(without->notes(), "");
  EXPECT_EQ(without->requested_by(), "");
}

TEST(OrderNotes, NotesKeepTheTextRules) {
  auto problem = [](const std::string& line) -> std::string {
    auto order = Order::Parse(std::string(kLocalOrder) + line + "\n", "order.yaml");
    if (order.ok()) return "ok";
    return order.error().problems().at(0).field + ": " + order.error().problems().at(0).message;
  };
  EXPECT_EQ(problem("notes: \"a\\u202Eb\""),
            "notes: contains a bidirectional formatting character, U+202E RIGHT-TO-LEFT "
            "OVERRIDE, at character 2");
  EXPECT_EQ(problem("notes: \"a\\rb\""),
            "notes: contains a control character, U+000D CARRIAGE RETURN, at character 2");
  EXPECT_EQ(problem("notes: \"a\\nb\\tc\""), "ok");
  EXPECT_EQ(problem("notes: \"" + std::string(4000, 'x') + "\""), "ok");
  EXPECT_EQ(problem("notes: \"" + std::string(4001, 'x') + "\""),
            "notes: is too long (4001 characters)");
  EXPECT_EQ(problem("notes: \"\\n\\n\""), "notes: is empty");
  EXPECT_EQ(problem("note: x"), "note: is not a known field");
}

TEST(OrderNotes, RequesterMustBeOneAddress) {
  auto ok = [](const std::string& address) {
    return Order::Parse(std::string(kLocalOrder) + "requested_by: \"" + address + "\"\n",
                        "order.yaml")
        .ok();
  };
  for (const char* good : {"buyer@example-trading.com", "a.b+c@mail.example.cn", "x@a.io"}) {
    EXPECT_TRUE(ok(good)) << good;
  }
  for (const char* bad : {"buyer", "@example.com", "buyer@", "buyer@localhost", "a@b@example.com",
                          "Buyer <buyer@example.com>", "a b@example.com", "buyer@exa_mple.com",
                          "buyer@-example.com", "a,b@example.com", "buyer@192.168.0.1"}) {
    EXPECT_FALSE(ok(bad)) << bad;
  }
  EXPECT_FALSE(ok(std::string(65, 'a') + "@example.com"));
}

TEST(OrderPort, PrivateCloudTakesAnAccessPort) {
  auto order = Order::Parse(PrivateCloudOrderWithRanges({"192.168.0.1"}) + "server: {port: 8088}\n",
                            "order.yaml");
  ASSERT_OK(order);
  EXPECT_EQ(order->terms().port, 8088);
  auto bad = Order::Parse(PrivateCloudOrderWithRanges({"192.168.0.1"}) + "server: {port: 65536}\n",
                          "order.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().problems().at(0).field, "server.port");
  auto local = Order::Parse(std::string(kLocalOrder) + "server: {port: 8088}\n", "order.yaml");
  ASSERT_FALSE(local.ok()) << "local container has no server";
  // Terms with a port read back for private cloud.
  Terms terms = order->terms();
  auto again = TermsFromJson(TermsToJson(terms), "terms");
  ASSERT_OK(again);
  EXPECT_EQ(again->port, 8088);
}

}  // namespace
}  // namespace frlic
