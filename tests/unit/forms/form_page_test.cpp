#include "core/forms/form_page.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>

using namespace leadhub::forms;

namespace {

bool contains(const std::string& haystack, const std::string& needle)
{
  return haystack.find(needle) != std::string::npos;
}

// The opening tag of the element with id `id`, e.g. `<input id="email" ...>`.
std::string tag_with_id(const std::string& html, const std::string& id)
{
  auto at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos)
    return {};
  auto open = html.rfind('<', at);
  auto close = html.find('>', at);
  return html.substr(open, close - open + 1);
}

} // namespace

TEST(FormPage, IsAnHtml5DocumentThatPostsToTheAction)
{
  auto html = render_form({"Contact us", "/webhook/inbound/default/webform/abc123"});
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(contains(html, "<html lang=\"en\">"));
  EXPECT_TRUE(contains(html, "<meta charset=\"utf-8\">"));
  EXPECT_TRUE(contains(html, "<title>Contact us</title>"));
  EXPECT_TRUE(contains(html, "<form method=\"post\" action=\"/webhook/inbound/default/webform/abc123\""));
  EXPECT_TRUE(contains(html, "<button type=\"submit\">"));
  EXPECT_FALSE(contains(html, "<script"));
}

TEST(FormPage, EveryVisibleFieldIsLabelledWithAutocomplete)
{
  auto html = render_form({"Contact", "/x"});
  const std::pair<std::string, std::string> fields[] = {
      {"first_name", "given-name"}, {"last_name", "family-name"}, {"email", "email"}, {"phone", "tel"}};
  for (const auto& [name, autocomplete] : fields) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(contains(html, "<label for=\"" + name + "\">"));
    auto tag = tag_with_id(html, name);
    EXPECT_TRUE(contains(tag, "name=\"" + name + "\""));
    EXPECT_TRUE(contains(tag, "autocomplete=\"" + autocomplete + "\""));
  }
  EXPECT_TRUE(contains(html, "<label for=\"message\">"));
  EXPECT_TRUE(contains(tag_with_id(html, "message"), "<textarea"));
}

TEST(FormPage, EmailIsRequiredAndTyped)
{
  auto tag = tag_with_id(render_form({"Contact", "/x"}), "email");
  EXPECT_TRUE(contains(tag, "type=\"email\""));
  EXPECT_TRUE(contains(tag, " required"));
  EXPECT_FALSE(contains(tag_with_id(render_form({"Contact", "/x"}), "phone"), "required"));
}

TEST(FormPage, HoneypotIsOffScreenNotDisplayNone)
{
  auto html = render_form({"Contact", "/x"});
  auto tag = tag_with_id(html, std::string(k_honeypot_field));
  EXPECT_TRUE(contains(tag, "name=\"website\""));
  EXPECT_TRUE(contains(tag, "tabindex=\"-1\""));
  EXPECT_TRUE(contains(tag, "autocomplete=\"off\""));
  // Its wrapper is hidden from assistive technology and moved off screen by a class.
  auto wrapper_at = html.rfind("<div", html.find("id=\"website\""));
  auto wrapper = html.substr(wrapper_at, html.find('>', wrapper_at) - wrapper_at);
  EXPECT_TRUE(contains(wrapper, "aria-hidden=\"true\""));
  EXPECT_TRUE(contains(wrapper, "class=\"offscreen\""));
  EXPECT_TRUE(contains(html, ".offscreen{position:absolute;left:-10000px"));
  EXPECT_FALSE(contains(html, "display:none"));
}

TEST(FormPage, EscapesTitleAndAction)
{
  auto html = render_form({"<script>alert('x')</script> & Co", "/a\"onmouseover=\"x"});
  EXPECT_FALSE(contains(html, "<script>"));
  EXPECT_TRUE(contains(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"));
  EXPECT_TRUE(contains(html, "action=\"/a&quot;onmouseover=&quot;x\""));
}

TEST(FormPage, ThankYouNamesTheFormAndLinksBack)
{
  auto html = render_thank_you("Contact <us>", "/forms/default/tok");
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(contains(html, "<h1>Thank you</h1>"));
  EXPECT_TRUE(contains(html, "Contact &lt;us&gt;"));
  EXPECT_TRUE(contains(html, "href=\"/forms/default/tok\""));
}

TEST(FormPage, FailureSaysWhetherToRetry)
{
  EXPECT_TRUE(contains(render_failure(503, "C", "/f"), "try again in a few minutes"));
  EXPECT_TRUE(contains(render_failure(413, "C", "/f"), "too long"));
  EXPECT_TRUE(contains(render_failure(400, "C", "/f"), "could not be read"));
  EXPECT_TRUE(contains(render_failure(400, "", "/f"), "Back to the form"));
}

TEST(HtmlEscape, ReplacesTheFiveSpecialCharacters)
{
  EXPECT_EQ(html_escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
  EXPECT_EQ(html_escape("plain ünïcode"), "plain ünïcode");
  EXPECT_EQ(html_escape(""), "");
}

TEST(AcceptsHtml, BrowsersYesApiClientsNo)
{
  EXPECT_TRUE(accepts_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
  EXPECT_TRUE(accepts_html("TEXT/HTML"));
  EXPECT_TRUE(accepts_html("application/json, text/html;q=0.5"));
  EXPECT_FALSE(accepts_html("application/json"));
  EXPECT_FALSE(accepts_html("*/*"));
  EXPECT_FALSE(accepts_html(""));
  EXPECT_FALSE(accepts_html("text/html;q=0"));
  EXPECT_FALSE(accepts_html("text/html; q=0.0, application/json"));
}
