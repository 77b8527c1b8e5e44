# Shared compile settings for every dllab target: warnings, and Qt's keyword hygiene.
# dllab_target_defaults(target [QT]): QT turns on moc for targets with Q_OBJECT classes; engine
# targets leave it off so they build (and build fast) without Qt.
function(dllab_target_defaults target)
  cmake_parse_arguments(ARG "QT" "" "" ${ARGN})
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter
    # GCC 12 false positives inside <string> at -O3 (GCC bugs 105329, 105651)
    -Wno-restrict -Wno-array-bounds -Wno-stringop-overflow)
  if(DLLAB_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  target_compile_definitions(${target} PRIVATE QT_NO_KEYWORDS)
  if(ARG_QT)
    set_target_properties(${target} PROPERTIES AUTOMOC ON)
  endif()
endfunction()
