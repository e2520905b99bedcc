#include "core/forms/form_page.hpp"

#include "core/util/strings.hpp"

#include <fmt/format.h>

namespace leadhub::forms {

namespace {

// Inline so that the page is one response with no other assets to fetch or to serve.
constexpr std::string_view k_style = R"(body{font-family:system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
main{max-width:34rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border-radius:8px}
h1{font-size:1.5rem;margin-top:0}
.field{margin:0 0 1rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
input,textarea{box-sizing:border-box;width:100%;padding:.5rem;font:inherit;border:1px solid #8a93a6;border-radius:4px}
input:focus,textarea:focus,button:focus{outline:3px solid #2f6fdb;outline-offset:1px}
button{font:inherit;padding:.6rem 1.4rem;border:0;border-radius:4px;background:#2f6fdb;color:#fff;cursor:pointer}
.hint{font-weight:400;color:#4a5263}
.offscreen{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden})";

std::string page(std::string_view title, std::string_view body)
{
  return fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
                     "<title>{}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n<main>\n{}</main>\n"
                     "</body>\n</html>\n",
                     html_escape(title), k_style, body);
}

struct Input {
  std::string_view name, label, type, autocomplete;
  bool required = false;
  int maxlength = 200;
};

std::string input_field(const Input& in)
{
  std::string required_mark = in.required ? " <span class=\"hint\">(required)</span>" : "";
  std::string required_attr = in.required ? " required aria-required=\"true\"" : "";
  return fmt::format("<p class=\"field\">\n<label for=\"{0}\">{1}{2}</label>\n"
                     "<input id=\"{0}\" name=\"{0}\" type=\"{3}\" autocomplete=\"{4}\" maxlength=\"{5}\"{6}>\n"
                     "</p>\n",
                     in.name, in.label, required_mark, in.type, in.autocomplete, in.maxlength, required_attr);
}

// Hidden from sighted users (off screen, not display:none, which some bots skip), from screen
// readers (aria-hidden) and from keyboard users (tabindex=-1); autofill must not fill it either.
std::string honeypot_field()
{
  return fmt::format("<div class=\"offscreen\" aria-hidden=\"true\">\n"
                     "<label for=\"{0}\">Leave this field empty</label>\n"
                     "<input id=\"{0}\" name=\"{0}\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\" value=\"\">\n"
                     "</div>\n",
                     k_honeypot_field);
}

} // namespace

std::string html_escape(std::string_view text)
{
  std::string out;
  out.reserve(text.size() + text.size() / 8);
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

std::string render_form(const FormPage& form)
{
  std::string body = fmt::format("<h1>{}</h1>\n", html_escape(form.title));
  body += fmt::format("<form method=\"post\" action=\"{}\" accept-charset=\"utf-8\">\n", html_escape(form.action));
  body += input_field({"first_name", "First name", "text", "given-name"});
  body += input_field({"last_name", "Last name", "text", "family-name"});
  body += input_field({"email", "Email", "email", "email", true, 320});
  body += input_field({"phone", "Phone", "tel", "tel", false, 64});
  body += "<p class=\"field\">\n<label for=\"message\">Message</label>\n"
          "<textarea id=\"message\" name=\"message\" rows=\"5\" maxlength=\"5000\"></textarea>\n</p>\n";
  body += honeypot_field();
  body += "<button type=\"submit\">Send</button>\n</form>\n";
  return page(form.title, body);
}

std::string render_thank_you(std::string_view title, std::string_view form_url)
{
  auto body = fmt::format("<h1>Thank you</h1>\n<p role=\"status\">Your message to {} has been sent.</p>\n"
                          "<p><a href=\"{}\">Send another message</a></p>\n",
                          html_escape(title), html_escape(form_url));
  return page("Thank you", body);
}

std::string render_failure(int status, std::string_view title, std::string_view form_url)
{
  std::string_view why = "Your message could not be sent.";
  if (status == 400)
    why = "Your message could not be read. Please check the fields and try again.";
  else if (status == 413)
    why = "Your message is too long. Please shorten it and try again.";
  else if (status >= 500)
    why = "The form is unavailable at the moment. Please try again in a few minutes.";
  auto body = fmt::format("<h1>Not sent</h1>\n<p role=\"alert\">{}</p>\n"
                          "<p><a href=\"{}\">Back to {}</a></p>\n",
                          why, html_escape(form_url), html_escape(title.empty() ? "the form" : title));
  return page("Not sent", body);
}

bool accepts_html(std::string_view accept)
{
  for (const auto& range : util::split(accept, ',')) {
    auto parts = util::split(range, ';');
    auto type = util::to_lower(util::trim(parts.empty() ? std::string_view() : std::string_view(parts[0])));
    if (type != "text/html" && type != "application/xhtml+xml")
      continue;
    bool refused = false;
    for (size_t i = 1; i < parts.size(); ++i) {
      auto param = util::trim(parts[i]);
      if (param.starts_with("q=") && param.find_first_not_of("0.", 2) == std::string_view::npos)
        refused = true; // q=0 (or 0.0, 0.000): "not acceptable"
    }
    if (!refused)
      return true;
  }
  return false;
}

} // namespace leadhub::forms
