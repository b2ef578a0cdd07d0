# Warnings and sanitizers, applied per target through spectro_set_warnings().
add_library(spectro_options INTERFACE)
target_compile_options(spectro_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
  -Wunused -Woverloaded-virtual -Wformat=2)
# Qt's `slots` keyword clashes with libtorch (c10::IValue has a member of that name).
target_compile_definitions(spectro_options INTERFACE QT_NO_KEYWORDS SPECTRO_VERSION="${PROJECT_VERSION}")
if(SPECTRO_BUILD_FUZZERS)
  # Coverage for libFuzzer and both sanitizers in every core file; undefined behaviour aborts
  # (by default UBSan reports and carries on, and the fuzzer would never see it).
  target_compile_options(spectro_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                         -fno-sanitize-recover=all -fno-omit-frame-pointer -g)
  target_link_options(spectro_options INTERFACE -fsanitize=address,undefined)
elseif(SPECTRO_SANITIZE)
  # -O1, ASan's recommended level: it halves the compile time of the libtorch translation units
  # against -O3 (18.7 -> 10.5 CPU-s for engine/transformer.cpp) and keeps stack traces exact.
  target_compile_options(spectro_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -O1)
  target_link_options(spectro_options INTERFACE -fsanitize=address,undefined)
endif()
add_library(spectro::options ALIAS spectro_options)
