# Every dependency is a Debian package installed by scripts/setup; nothing is
# downloaded at build time.
find_package(PkgConfig REQUIRED)

# xmlsec's compile flags must come from pkg-config: XMLSEC_NO_SIZE_T and
# XMLSEC_CRYPTO_OPENSSL change the ABI of xmlSecSize.
pkg_check_modules(XMLSEC REQUIRED IMPORTED_TARGET xmlsec1-openssl)
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
find_package(OpenSSL 3 REQUIRED)
find_package(ZLIB REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)

# Boost 1.81 (libboost1.81-dev): Beast's message_generator needs 1.80+.
# Boost.URL (libboost-url1.81-dev) is the project's one URL library.
find_package(Boost 1.81 REQUIRED CONFIG COMPONENTS url)
find_package(Threads REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)

if(SAMLH_TESTS)
  find_package(GTest REQUIRED)
endif()
if(SAMLH_BENCH)
  find_package(benchmark REQUIRED)
endif()
