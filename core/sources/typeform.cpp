// Typeform: a `form_response` webhook, JSON, signed with `Typeform-Signature: sha256=` +
// base64(HMAC-SHA256(secret, raw body)) when the webhook has a secret.
#include "core/sources/common/json_fields.hpp"
#include "core/sources/common/signature.hpp"
#include "core/sources/source.hpp"

#include <string>

namespace leadhub::sources {

namespace {

using common::Json;

constexpr std::string_view k_signature_header = "typeform-signature";

constexpr std::string_view k_sample =
    R"({"event_id":"01HSAMPLE0000000000000000","event_type":"form_response","form_response":{)"
    R"("form_id":"lT4Z3j","token":"a3a12ec67a1365927098a606107fac15","landed_at":"2026-11-26T09:14:02Z",)"
    R"("submitted_at":"2026-11-26T09:15:47Z","hidden":{"utm_source":"newsletter","utm_campaign":"winter"},)"
    R"("definition":{"id":"lT4Z3j","title":"Contact us","fields":[)"
    R"({"id":"Fn1a","title":"First name","type":"short_text","ref":"first_name"},)"
    R"({"id":"Ln2b","title":"Last name","type":"short_text","ref":"last_name"},)"
    R"({"id":"Em3c","title":"Email","type":"email","ref":"a1b2c3"},)"
    R"({"id":"Ph4d","title":"Phone","type":"phone_number","ref":"d4e5f6"},)"
    R"({"id":"Pl5e","title":"Plan","type":"multiple_choice","ref":"plan"}]},"answers":[)"
    R"({"type":"text","text":"Jane","field":{"id":"Fn1a","type":"short_text","ref":"first_name"}},)"
    R"({"type":"text","text":"Doe","field":{"id":"Ln2b","type":"short_text","ref":"last_name"}},)"
    R"({"type":"email","email":"jane.doe@example.com","field":{"id":"Em3c","type":"email","ref":"a1b2c3"}},)"
    R"({"type":"phone_number","phone_number":"+15550100","field":{"id":"Ph4d","type":"phone_number","ref":"d4e5f6"}},)"
    R"({"type":"choice","choice":{"label":"Team"},"field":{"id":"Pl5e","type":"multiple_choice","ref":"plan"}}]}})";

// The answer's value as text; its key is named after the answer type. Empty for unknown types.
std::string answer_text(const Json& answer)
{
  std::string type = common::json_text(answer.value("type", Json()));
  if (type.empty() || !answer.contains(type))
    return {};
  const Json& value = answer.at(type);
  if (type == "choice" && value.is_object()) {
    std::string label = common::json_text(value.value("label", Json()));
    return label.empty() ? common::json_text(value.value("other", Json())) : label;
  }
  if (type == "choices" && value.is_object()) {
    std::string joined;
    for (const auto& label : value.value("labels", Json::array()))
      if (auto text = common::json_text(label); !text.empty())
        joined += (joined.empty() ? "" : ", ") + text;
    if (auto other = common::json_text(value.value("other", Json())); !other.empty())
      joined += (joined.empty() ? "" : ", ") + other;
    return joined;
  }
  // text, email, phone_number, number, boolean, date, url, file_url; objects (payment) give nothing.
  return common::json_text(value);
}

// The field's ref, which the form owner sets; its id when the ref is missing.
std::string answer_name(const Json& answer)
{
  const Json field = answer.value("field", Json::object());
  if (!field.is_object())
    return {};
  std::string ref = common::json_text(field.value("ref", Json()));
  return ref.empty() ? common::json_text(field.value("id", Json())) : ref;
}

Result<Parsed> parse(const Delivery& delivery)
{
  auto doc = common::parse_json_object(delivery.body);
  if (!doc)
    return doc.error();
  Parsed parsed;
  auto event = doc->find("event_type");
  std::string event_type = event == doc->end() ? "form_response" : common::json_text(*event);
  if (event_type != "form_response") {
    parsed.ignored_reason = "event type " + event_type;
    return parsed;
  }
  auto response = doc->find("form_response");
  if (response == doc->end() || !response->is_object())
    return fail(Errc::invalid, "typeform delivery has no 'form_response' object");
  auto answers = response->find("answers");
  if (answers == response->end() || !answers->is_array())
    return fail(Errc::invalid, "typeform delivery has no 'form_response.answers' array");

  IncomingLead lead;
  std::string form_id = common::json_text(response->value("form_id", Json()));
  std::string token = common::json_text(response->value("token", Json()));
  // The token is unique per form only.
  if (!token.empty())
    lead.external_id = form_id + ":" + token;

  // Each answer is named by its field's ref. Typeform refs are often random (`a1b2c3`), so the
  // generic mapping would miss the contact details: the first `email` answer is named `email` and
  // the first `phone_number` answer `phone` instead of their ref. Later ones keep their ref.
  bool named_email = false, named_phone = false;
  for (const auto& answer : *answers) {
    if (!answer.is_object())
      return fail(Errc::invalid, "typeform answer is not an object");
    std::string name = answer_name(answer);
    std::string type = common::json_text(answer.value("type", Json()));
    if (type == "email" && !named_email) {
      name = "email";
      named_email = true;
    } else if (type == "phone_number" && !named_phone) {
      name = "phone";
      named_phone = true;
    }
    std::string text = answer_text(answer);
    if (!name.empty() && !text.empty())
      lead.fields.emplace_back(std::move(name), std::move(text));
  }
  if (auto hidden = response->find("hidden"); hidden != response->end() && hidden->is_object())
    for (const auto& [name, value] : hidden->items())
      if (auto text = common::json_text(value); !text.empty())
        lead.fields.emplace_back("hidden." + name, std::move(text));
  if (lead.fields.empty())
    return fail(Errc::invalid, "typeform response has no answers with a value");
  parsed.leads.push_back(std::move(lead));
  return parsed;
}

Result<void> verify(const Delivery& delivery, const Credentials& credentials, const VerifyOptions&)
{
  auto key = credentials.find("signing_secret");
  if (key == credentials.end() || key->second.empty())
    return fail(Errc::unauthorized, "credential 'signing_secret' is not set");
  return common::verify_hmac_header(delivery, k_signature_header, key->second, common::DigestEncoding::base64);
}

} // namespace

extern const SourceSpec typeform_source = {
    .slug = "typeform",
    .name = "Typeform",
    .auth = AuthKind::webhook,
    .credential_keys = {"signing_secret"},
    .signing_key = "signing_secret",
    .builtin_mapping = {},
    .secret_headers = {"typeform-signature", "authorization"},
    .sample_content_type = "application/json",
    .sample_body = k_sample,
    .verify = verify,
    .parse = parse,
};

} // namespace leadhub::sources
