# The project's warning flags, as an INTERFACE target every first-party target links.
add_library(leadhub_warnings INTERFACE)
target_compile_options(leadhub_warnings INTERFACE -Wall -Wextra -Wpedantic)
