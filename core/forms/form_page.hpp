// The hosted LeadHub web form and the pages a browser sees after posting it: plain HTML5 that
// works without JavaScript, labelled for screen readers, with every interpolated value escaped.
#pragma once

#include <string>
#include <string_view>

namespace leadhub::forms {

// The honeypot input: visually hidden from people, filled in by bots; the webform adapter drops
// any submission where it is not empty.
inline constexpr std::string_view k_honeypot_field = "website";

struct FormPage {
  std::string title;  // the source connection's name, shown as the heading
  std::string action; // where the form posts: the webform's webhook URL path
};

// The form page (first name, last name, email, phone, message, honeypot).
std::string render_form(const FormPage& page);

// The page shown after an accepted submission; `form_url` links back to an empty form.
std::string render_thank_you(std::string_view title, std::string_view form_url);

// The page shown when a submission could not be taken (`status` 400, 413, 503, ...); it says
// whether trying again can help and links back to the form.
std::string render_failure(int status, std::string_view title, std::string_view form_url);

// `text` with & < > " ' replaced by character references, safe in element text and quoted
// attribute values.
std::string html_escape(std::string_view text);

// Whether an Accept header asks for HTML (a browser navigating), as opposed to an API client.
bool accepts_html(std::string_view accept);

} // namespace leadhub::forms
