# Shared compile settings for every dllab target: warnings, and Qt's keyword hygiene.
function(dllab_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter
    -Wno-restrict) # GCC 12 false positives in <string> at -O3 (GCC bug 105329)
  if(DLLAB_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  target_compile_definitions(${target} PRIVATE QT_NO_KEYWORDS)
endfunction()
