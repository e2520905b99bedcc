// The leadhubctl application: global options, the command tree, errors and exit codes.
#pragma once

namespace leadhub::cli {

// Parses the arguments, runs the command and returns the exit code: 0 success, 1 failure,
// 2 usage error, 3 not found, 4 conflict. Errors go to stderr as `leadhubctl: error: …`.
int run(int argc, char** argv);

} // namespace leadhub::cli
