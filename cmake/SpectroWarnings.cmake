# Warnings and sanitizers, applied per target through spectro_set_warnings().
add_library(spectro_options INTERFACE)
target_compile_options(spectro_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
  -Wunused -Woverloaded-virtual -Wformat=2)
# Qt's `slots` keyword clashes with libtorch (c10::IValue has a member of that name).
target_compile_definitions(spectro_options INTERFACE QT_NO_KEYWORDS SPECTRO_VERSION="${PROJECT_VERSION}")
if(SPECTRO_SANITIZE)
  target_compile_options(spectro_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(spectro_options INTERFACE -fsanitize=address,undefined)
endif()
add_library(spectro::options ALIAS spectro_options)
