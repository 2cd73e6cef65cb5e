#include "frlic/activation/activation_page.h"

#include "frlic/core/time.h"

namespace frlic {
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

constexpr char kHead[] = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Licence activation</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; padding: 1.5rem; background: #f5f6f8; color: #1d2330; }
main { max-width: 28rem; margin: 0 auto; background: #fff; border-radius: 12px; padding: 1.5rem; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
h1 { font-size: 1.25rem; margin: 0 0 1rem; }
#code { font-size: 3rem; letter-spacing: .4rem; font-weight: 700; text-align: center; margin: 1rem 0; font-variant-numeric: tabular-nums; }
.refused { color: #a4161a; font-size: 1.1rem; }
.small { color: #5b6475; font-size: .9rem; }
</style>
</head>
<body>
<main>
)";

constexpr char kTail[] = "</main>\n</body>\n</html>\n";

}  // namespace

std::string RenderActivationPage(const PageContent& content) {
  std::string page = kHead;
  if (content.ok) {
    page += "<h1>Your verification code</h1>\n";
    page += "<div id=\"code\">" + Escape(content.code) + "</div>\n";
    page += "<p>Enter this code on the registration page of your product.</p>\n";
    page += "<p class=\"small\">Licence " + Escape(content.serial) + ". The code is valid until " +
            Escape(FormatInstant(content.valid_until)) +
            " (five minutes after the QR code was shown).</p>\n";
  } else {
    page += "<h1>No verification code</h1>\n";
    page += "<p id=\"reason\" class=\"refused\" data-reason=\"" + Escape(content.reason) + "\">" +
            Escape(content.message) + "</p>\n";
    if (!content.serial.empty()) {
      page += "<p class=\"small\">Licence " + Escape(content.serial) + "</p>\n";
    }
    page +=
        "<p class=\"small\">If this is unexpected, contact the business staff who sent your "
        "licence.</p>\n";
  }
  return page + kTail;
}

}  // namespace frlic
