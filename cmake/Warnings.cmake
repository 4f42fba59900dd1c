# Project-wide warning set. Third-party headers come in as SYSTEM includes
# so their warnings do not fail our build.
add_library(samlh_warnings INTERFACE)
target_compile_options(samlh_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
  -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  -Wformat=2)
if(SAMLH_WERROR)
  target_compile_options(samlh_warnings INTERFACE -Werror)
endif()
