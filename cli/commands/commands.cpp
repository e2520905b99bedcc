#include "cli/commands/commands.hpp"

namespace leadhub::cli::commands {

void add_all(CLI::App& app, Context& ctx)
{
  add_init(app, ctx);
  add_tenant(app, ctx);
  add_pipeline(app, ctx);
  add_field(app, ctx);
  add_source(app, ctx);
  add_lead(app, ctx);
  add_events(app, ctx);
  add_db(app, ctx);
  add_config(app, ctx);
  add_completion(app, ctx); // last: it describes the commands added before it
}

} // namespace leadhub::cli::commands
