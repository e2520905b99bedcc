# Every dependency is a Debian package (see scripts/install-deps.sh); nothing is downloaded here.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(CURL REQUIRED)
find_package(SQLiteCpp REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(simdjson REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
# leadhubd's allocator: glibc malloc's arena locks and chunk consolidation were ~10% of its CPU
# with 32 request threads.
pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
