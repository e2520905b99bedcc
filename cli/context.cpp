#include "cli/context.hpp"

#include "core/store/catalog_repo.hpp"

#include <unistd.h>

#include <iostream>

namespace leadhub::cli {

Result<const config::Config*> Context::config()
{
  if (!m_config) {
    auto loaded = config::load(options.config_file);
    if (!loaded)
      return loaded.error();
    if (options.db) {
      if (auto r = loaded->set("db", *options.db, "flag --db"); !r)
        return r.error();
    }
    m_config = std::move(*loaded);
  }
  return &*m_config;
}

Result<store::Store*> Context::store()
{
  if (!m_store) {
    auto cfg = config();
    if (!cfg)
      return cfg.error();
    auto opened = store::open_store((*cfg)->get("db"), (*cfg)->master_key_file());
    if (!opened)
      return opened.error();
    m_store = std::move(*opened);
  }
  return m_store.get();
}

Result<store::Store*> Context::tenant_store()
{
  auto s = store();
  if (!s || m_tenant_checked)
    return s;
  if (auto t = store::TenantRepo(**s).find(options.tenant); !t)
    return t.error();
  m_tenant_checked = true;
  return s;
}

std::string Context::public_url()
{
  auto cfg = config();
  std::string url = cfg ? (*cfg)->get("public_url") : std::string();
  while (!url.empty() && url.back() == '/')
    url.pop_back();
  return url;
}

Format Context::format() const
{
  if (options.json || options.format == "json")
    return Format::json;
  return options.format == "csv" ? Format::csv : Format::table;
}

Output& Context::out()
{
  if (!m_out)
    m_out = std::make_unique<Output>(format(), std::cout, format() == Format::table && stdout_wants_color());
  return *m_out;
}

void Context::warn(const std::string& text)
{
  std::cerr << "leadhubctl: warning: " << text << '\n';
}

void Context::finish(Result<void> result)
{
  if (!result)
    m_error = result.error();
}

void on_run(CLI::App* command, Context& ctx, std::function<Result<void>()> body)
{
  command->callback([&ctx, body = std::move(body)] { ctx.finish(body()); });
}

Result<void> confirm(const std::string& question)
{
  if (!::isatty(STDIN_FILENO))
    return fail(Errc::usage, "refusing to " + question + " without confirmation", "add --yes to confirm");
  std::cerr << question << "? [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  if (answer == "y" || answer == "Y" || answer == "yes")
    return {};
  return fail(Errc::failure, "cancelled: nothing was changed");
}

} // namespace leadhub::cli
