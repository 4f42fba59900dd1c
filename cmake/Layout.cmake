# Per-target include roots: the compiler enforces the layering.
#
# Includes are repository-relative ("sp/store/store.hpp"), but the repository
# root is on no include path. Each library target instead gets its own root,
# <build>/include-roots/<target>, holding symbolic links to the headers of its
# folder only, under the folder's path (<root>/sp/store/store.hpp ->
# <source>/sp/store/store.hpp). A target's root is PUBLIC, so a file can
# include a header only when its target links the owner, directly or through
# PUBLIC links: an include against the layering fails to compile. Links are
# made per header, not per folder, so a folder holding a subfolder (core/ and
# core/http/) or two targets (sp/cli/) exposes exactly its target's headers.
# scripts/check-layering checks what the compiler cannot (external headers,
# relative includes, rules between folders a target links).

# samlh_include_root(TARGET FOLDER [HEADERS h...])
# Links FOLDER's headers (default: every *.hpp and *.inc directly in it; the
# glob re-runs at build time, so a new header needs no edit here) under the
# target's root and adds the root to the target's include path: PUBLIC, or
# INTERFACE for an INTERFACE library.
function(samlh_include_root target folder)
  cmake_parse_arguments(R "" "" "HEADERS" ${ARGN})
  set(src ${PROJECT_SOURCE_DIR}/${folder})
  set(root ${CMAKE_BINARY_DIR}/include-roots/${target})
  if(NOT R_HEADERS)
    file(GLOB R_HEADERS CONFIGURE_DEPENDS RELATIVE ${src} ${src}/*.hpp ${src}/*.inc)
  endif()
  # Rebuilt from scratch at each configure: a removed header loses its link.
  file(REMOVE_RECURSE ${root})
  file(MAKE_DIRECTORY ${root}/${folder})
  foreach(h IN LISTS R_HEADERS)
    if(NOT EXISTS ${src}/${h})
      message(FATAL_ERROR "samlh_include_root(${target}): ${folder}/${h} does not exist")
    endif()
    file(CREATE_LINK ${src}/${h} ${root}/${folder}/${h} SYMBOLIC)
  endforeach()
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    target_include_directories(${target} INTERFACE ${root})
  else()
    target_include_directories(${target} PUBLIC ${root})
  endif()
endfunction()

# samlh_add_library(NAME FOLDER folder SOURCES s... [HEADERS h...]
#                   [PUBLIC_LIBS l...] [PRIVATE_LIBS l...])
# A static library of FOLDER's sources (paths relative to the calling
# CMakeLists.txt) with its include root; warnings as the project sets them.
function(samlh_add_library name)
  cmake_parse_arguments(L "" "FOLDER" "SOURCES;HEADERS;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
  add_library(${name} ${L_SOURCES})
  if(L_HEADERS)
    samlh_include_root(${name} ${L_FOLDER} HEADERS ${L_HEADERS})
  else()
    samlh_include_root(${name} ${L_FOLDER})
  endif()
  target_link_libraries(${name} PUBLIC ${L_PUBLIC_LIBS} PRIVATE ${L_PRIVATE_LIBS} samlh_warnings)
endfunction()
