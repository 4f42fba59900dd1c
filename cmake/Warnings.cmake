# Project-wide warning set. Third-party headers come in as SYSTEM includes
# so their warnings do not fail our build.
add_library(samlh_warnings INTERFACE)
target_compile_options(samlh_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
  -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  -Wformat=2)
# GCC 12's -Wrestrict misfires inside libstdc++'s std::string at -O2
# (GCC bug 105329): it flags ordinary string assignments. Clang has no such
# warning; the sanitizer build still runs every test.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(samlh_warnings INTERFACE -Wno-restrict)
endif()
if(SAMLH_WERROR)
  target_compile_options(samlh_warnings INTERFACE -Werror)
endif()
