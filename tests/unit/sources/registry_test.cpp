// The registry against DESIGN.md's tables: the 18 types, their order, auth kinds and credential keys.
#include "core/sources/source.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>

using namespace leadhub::sources;

namespace {

struct DesignRow {
  std::string_view slug, name;
  AuthKind auth;
  std::vector<std::string_view> keys;
  std::string_view signing_key;
};

const std::vector<DesignRow>& design_rows()
{
  static const std::vector<std::string_view> meta = {"app_secret", "verify_token", "access_token"};
  static const std::vector<DesignRow> rows = {
      {"facebook", "Facebook Lead Ads", AuthKind::oauth, meta, "app_secret"},
      {"instagram", "Instagram Leads", AuthKind::oauth, meta, "app_secret"},
      {"tiktok", "TikTok Lead Generation", AuthKind::oauth, {"app_secret", "access_token"}, "app_secret"},
      {"linkedin", "LinkedIn Lead Gen Forms", AuthKind::oauth, {"client_secret", "access_token"}, "client_secret"},
      {"google_ads", "Google Ads Lead Forms", AuthKind::oauth, {"google_key"}, "google_key"},
      {"microsoft_ads", "Microsoft Advertising", AuthKind::oauth, {"webhook_key", "access_token"}, "webhook_key"},
      {"whatsapp", "WhatsApp Business", AuthKind::webhook, meta, "app_secret"},
      {"viber", "Viber", AuthKind::webhook, {"auth_token"}, "auth_token"},
      {"telegram", "Telegram", AuthKind::webhook, {"secret_token"}, "secret_token"},
      {"twitter", "Twitter / X", AuthKind::webhook, {"consumer_secret"}, "consumer_secret"},
      {"snapchat", "Snapchat Lead Ads", AuthKind::webhook, {}, ""},
      {"pinterest",
       "Pinterest Lead Ads",
       AuthKind::webhook,
       {"cryptographic_key", "access_token"},
       "cryptographic_key"},
      {"youtube", "YouTube Lead Forms", AuthKind::webhook, {"google_key"}, "google_key"},
      {"typeform", "Typeform", AuthKind::webhook, {"signing_secret"}, "signing_secret"},
      {"jotform", "JotForm", AuthKind::webhook, {}, ""},
      {"calendly", "Calendly", AuthKind::webhook, {"signing_key"}, "signing_key"},
      {"email",
       "Email (IMAP)",
       AuthKind::imap,
       {"imap_host", "imap_port", "username", "password", "folder", "tls"},
       ""},
      {"webform", "LeadHub Web Form", AuthKind::form, {}, ""},
  };
  return rows;
}

} // namespace

TEST(Registry, HoldsTheEighteenTypesOfDesignInOrder)
{
  auto sources = all_sources();
  const auto& rows = design_rows();
  ASSERT_EQ(sources.size(), 18u);
  for (size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(std::string(rows[i].slug));
    EXPECT_EQ(sources[i]->slug, rows[i].slug);
    EXPECT_EQ(sources[i]->name, rows[i].name);
    EXPECT_EQ(sources[i]->auth, rows[i].auth);
    EXPECT_EQ(sources[i]->credential_keys, rows[i].keys);
    EXPECT_EQ(sources[i]->signing_key, rows[i].signing_key);
  }
}

TEST(Registry, SlugsAreUniqueAndFound)
{
  std::set<std::string_view> slugs;
  for (const auto* spec : all_sources()) {
    EXPECT_TRUE(slugs.insert(spec->slug).second) << spec->slug;
    EXPECT_EQ(find_source(spec->slug), spec);
  }
  EXPECT_EQ(find_source("myspace"), nullptr);
  EXPECT_EQ(find_source(""), nullptr);
  EXPECT_EQ(find_source("Facebook"), nullptr);
}

TEST(Registry, EveryTypeButEmailHasAWebhook)
{
  for (const auto* spec : all_sources())
    EXPECT_EQ(spec->has_webhook(), spec->slug != "email") << spec->slug;
}

TEST(Registry, EveryTypeCanParseItsSample)
{
  for (const auto* spec : all_sources()) {
    EXPECT_NE(spec->parse, nullptr) << spec->slug;
    EXPECT_FALSE(spec->sample_content_type.empty()) << spec->slug;
    EXPECT_FALSE(spec->sample_body.empty()) << spec->slug;
  }
}

TEST(Registry, SecretHeadersAreLowerCaseAndIncludeSignatures)
{
  for (const auto* spec : all_sources()) {
    for (auto header : spec->secret_headers)
      EXPECT_TRUE(std::none_of(header.begin(), header.end(), [](char c) { return std::isupper(c); })) << header;
    EXPECT_NE(std::find(spec->secret_headers.begin(), spec->secret_headers.end(), "authorization"),
              spec->secret_headers.end())
        << spec->slug;
  }
  auto has = [](std::string_view slug, std::string_view header) {
    const auto& headers = find_source(slug)->secret_headers;
    return std::find(headers.begin(), headers.end(), header) != headers.end();
  };
  EXPECT_TRUE(has("facebook", "x-hub-signature-256"));
  EXPECT_TRUE(has("whatsapp", "x-hub-signature-256"));
  EXPECT_TRUE(has("linkedin", "x-li-signature"));
  EXPECT_TRUE(has("tiktok", "x-open-signature"));
  EXPECT_TRUE(has("twitter", "x-twitter-webhooks-signature"));
  EXPECT_TRUE(has("typeform", "typeform-signature"));
  EXPECT_TRUE(has("calendly", "calendly-webhook-signature"));
  EXPECT_TRUE(has("telegram", "x-telegram-bot-api-secret-token"));
  EXPECT_TRUE(has("viber", "x-viber-content-signature"));
}

TEST(AuthKind, PrintsItsName)
{
  EXPECT_EQ(to_string(AuthKind::oauth), "oauth");
  EXPECT_EQ(to_string(AuthKind::webhook), "webhook");
  EXPECT_EQ(to_string(AuthKind::imap), "imap");
  EXPECT_EQ(to_string(AuthKind::form), "form");
}

TEST(Delivery, HeaderAndQueryParamTakeTheFirstValue)
{
  Delivery delivery;
  delivery.headers = {{"x-a", "1"}, {"x-a", "2"}};
  delivery.query = {{"hub.challenge", "42"}};
  EXPECT_EQ(delivery.header("X-A"), "1");
  EXPECT_EQ(delivery.header("x-b"), "");
  EXPECT_EQ(delivery.query_param("hub.challenge"), "42");
  EXPECT_EQ(delivery.query_param("hub.mode"), "");
}
