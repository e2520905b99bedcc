// leadhubctl: the administration CLI. Everything is in cli/app.cpp and cli/commands/.
#include "cli/app.hpp"

int main(int argc, char** argv)
{
  return leadhub::cli::run(argc, argv);
}
