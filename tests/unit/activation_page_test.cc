// The activation page's HTML (frlic/activation/activation_page): the code, and refusals with
// everything escaped.
#include <gtest/gtest.h>

#include "activation_test_support.h"
#include "frlic/activation/activation_page.h"
#include "frlic/core/time.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::Contains;
using testing::kShownAt;

TEST(ActivationPage, ShowsTheCode) {
  PageContent content;
  content.ok = true;
  content.code = "012345";
  content.serial = "FRL-5EC0DE0000000001";
  content.valid_until = kShownAt + 300;
  const std::string page = RenderActivationPage(content);
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(Contains(page, "<div id=\"code\">012345</div>")) << page;
  EXPECT_TRUE(Contains(page, "FRL-5EC0DE0000000001"));
  EXPECT_TRUE(Contains(page, FormatInstant(kShownAt + 300)));
  EXPECT_FALSE(Contains(page, "data-reason"));
}

TEST(ActivationPage, RefusalEscapesHtml) {
  PageContent content;
  content.reason = "bound-elsewhere";
  content.message = "<script>alert('x')</script> & \"quoted\"";
  content.serial = "FRL-<b>";
  const std::string page = RenderActivationPage(content);
  EXPECT_TRUE(Contains(page, "data-reason=\"bound-elsewhere\"")) << page;
  EXPECT_TRUE(Contains(page, "id=\"reason\""));
  EXPECT_FALSE(Contains(page, "id=\"code\""));
  EXPECT_FALSE(Contains(page, "<script>"));
  EXPECT_FALSE(Contains(page, "<b>"));
  EXPECT_TRUE(
      Contains(page, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"))
      << page;
  EXPECT_TRUE(Contains(page, "FRL-&lt;b&gt;"));

  // An attribute cannot be broken out of.
  content.reason = "x\" onmouseover=\"alert(1)";
  const std::string attribute = RenderActivationPage(content);
  EXPECT_TRUE(Contains(attribute, "data-reason=\"x&quot; onmouseover=&quot;alert(1)\""))
      << attribute;
}

}  // namespace
}  // namespace frlic
