// The one table of platforms, in the order of DESIGN.md. A platform with its own adapter exports a
// SourceSpec from core/sources/<slug>.cpp; the others are described here and use the generic parser
// until their adapter lands.
#include "core/sources/common/generic.hpp"
#include "core/sources/source.hpp"

#include <algorithm>

namespace leadhub::sources {

extern const SourceSpec typeform_source;
extern const SourceSpec webform_source;

namespace {

// Parsed by the generic parser into a lead with a name, an email address and a phone number.
constexpr std::string_view k_generic_sample =
    R"({"first_name":"Jane","last_name":"Doe","email":"jane.doe@example.com","phone":"+1 555 0100",)"
    R"("message":"Sample lead sent by leadhubctl source test"})";

using Keys = std::vector<std::string_view>;

// A platform whose adapter is still to come: full metadata, the generic parser, no handshake or verify.
SourceSpec pending(std::string_view slug, std::string_view name, AuthKind auth, Keys keys, std::string_view signing_key,
                   Keys secret_headers)
{
  secret_headers.push_back("authorization");
  return SourceSpec{.slug = slug,
                    .name = name,
                    .auth = auth,
                    .credential_keys = std::move(keys),
                    .signing_key = signing_key,
                    .builtin_mapping = {},
                    .secret_headers = std::move(secret_headers),
                    .sample_content_type = "application/json",
                    .sample_body = k_generic_sample,
                    .parse = common::parse_generic};
}

using enum AuthKind;
const Keys k_meta_keys = {"app_secret", "verify_token", "access_token"};
const Keys k_google_keys = {"google_key"};
const Keys k_imap_keys = {"imap_host", "imap_port", "username", "password", "folder", "tls"};

// clang-format off
const SourceSpec facebook      = pending("facebook", "Facebook Lead Ads", oauth, k_meta_keys, "app_secret", {"x-hub-signature-256"});
const SourceSpec instagram     = pending("instagram", "Instagram Leads", oauth, k_meta_keys, "app_secret", {"x-hub-signature-256"});
const SourceSpec tiktok        = pending("tiktok", "TikTok Lead Generation", oauth, {"app_secret", "access_token"}, "app_secret", {"x-open-signature"});
const SourceSpec linkedin      = pending("linkedin", "LinkedIn Lead Gen Forms", oauth, {"client_secret", "access_token"}, "client_secret", {"x-li-signature"});
const SourceSpec google_ads    = pending("google_ads", "Google Ads Lead Forms", oauth, k_google_keys, "google_key", {});
const SourceSpec microsoft_ads = pending("microsoft_ads", "Microsoft Advertising", oauth, {"webhook_key", "access_token"}, "webhook_key", {});
const SourceSpec whatsapp      = pending("whatsapp", "WhatsApp Business", webhook, k_meta_keys, "app_secret", {"x-hub-signature-256"});
const SourceSpec viber         = pending("viber", "Viber", webhook, {"auth_token"}, "auth_token", {"x-viber-content-signature"});
const SourceSpec telegram      = pending("telegram", "Telegram", webhook, {"secret_token"}, "secret_token", {"x-telegram-bot-api-secret-token"});
const SourceSpec twitter       = pending("twitter", "Twitter / X", webhook, {"consumer_secret"}, "consumer_secret", {"x-twitter-webhooks-signature"});
const SourceSpec snapchat      = pending("snapchat", "Snapchat Lead Ads", webhook, {}, "", {});
// Pinterest's key decrypts rather than signs; AES-256-GCM authenticates, so a body that does not
// decrypt under it is refused like a bad signature.
const SourceSpec pinterest     = pending("pinterest", "Pinterest Lead Ads", webhook, {"cryptographic_key", "access_token"}, "cryptographic_key", {});
const SourceSpec youtube       = pending("youtube", "YouTube Lead Forms", webhook, k_google_keys, "google_key", {});
const SourceSpec jotform       = pending("jotform", "JotForm", webhook, {}, "", {});
const SourceSpec calendly      = pending("calendly", "Calendly", webhook, {"signing_key"}, "signing_key", {"calendly-webhook-signature"});
const SourceSpec email         = pending("email", "Email (IMAP)", imap, k_imap_keys, "", {});
// clang-format on

const SourceSpec* const k_sources[] = {
    &facebook, &instagram, &tiktok,    &linkedin, &google_ads,      &microsoft_ads, &whatsapp, &viber, &telegram,
    &twitter,  &snapchat,  &pinterest, &youtube,  &typeform_source, &jotform,       &calendly, &email, &webform_source,
};

} // namespace

std::span<const SourceSpec* const> all_sources() { return k_sources; }

const SourceSpec* find_source(std::string_view slug)
{
  auto it = std::find_if(std::begin(k_sources), std::end(k_sources),
                         [&](const SourceSpec* spec) { return spec->slug == slug; });
  return it == std::end(k_sources) ? nullptr : *it;
}

} // namespace leadhub::sources
