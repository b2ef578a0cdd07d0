# Qt Test suite for the GUI: the widgets library and the app (engine controller, figure loader,
# session, the workbench window end to end, its GUI-thread latency, the --screenshot mode).
# Included from tests/CMakeLists.txt; every test runs headless under the offscreen platform.
if(SPECTRO_BUILD_GUI AND TARGET spectroscope_widgets)
  add_executable(test_next_token_view ${CMAKE_CURRENT_LIST_DIR}/widgets/test_next_token_view.cpp)
  target_link_libraries(test_next_token_view PRIVATE Qt6::Test spectroscope_widgets spectro::options)
  set_target_properties(test_next_token_view PROPERTIES AUTOMOC ON)
  add_test(NAME test_next_token_view COMMAND test_next_token_view)
  set_tests_properties(test_next_token_view PROPERTIES ENVIRONMENT QT_QPA_PLATFORM=offscreen LABELS "gui")
endif()

# A test of the app: tests/app/NAME.cpp linked with the GUI library.
function(spectro_add_gui_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT;DIR" "" ${ARGN})
  if(NOT ARG_DIR)
    set(ARG_DIR app)
  endif()
  add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/${ARG_DIR}/${name}.cpp)
  target_link_libraries(${name} PRIVATE Qt6::Test spectroscope_gui_lib spectro::options)
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_LIST_DIR})
  target_compile_definitions(${name} PRIVATE SPECTRO_SHARED_DIR="${SPECTRO_SHARED_DIR}"
                             SPECTRO_GUI_PATH="$<TARGET_FILE:spectroscope>"
                             SPECTRO_CLI_PATH="$<TARGET_FILE:spectroscope-cli>")
  set_target_properties(${name} PROPERTIES AUTOMOC ON)
  add_test(NAME ${name} COMMAND ${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  # A private settings folder, so that tests neither read nor change the user's recent files.
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;XDG_CONFIG_HOME=${CMAKE_CURRENT_BINARY_DIR}/${name}-config"
    LABELS "gui" TIMEOUT ${ARG_TIMEOUT})
endfunction()

# The workbench's views, each driven with hand-made figures (tests/widgets/test_<view>.cpp).
function(spectro_add_widget_test name)
  add_executable(${name} ${CMAKE_CURRENT_SOURCE_DIR}/widgets/${name}.cpp)
  target_link_libraries(${name} PRIVATE Qt6::Test spectroscope_widgets spectro::options)
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/widgets)
  set_target_properties(${name} PROPERTIES AUTOMOC ON)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT QT_QPA_PLATFORM=offscreen LABELS "gui" TIMEOUT 120)
endfunction()

if(SPECTRO_BUILD_GUI AND TARGET spectroscope_widgets)
  foreach(view_test
      test_figure_export test_token_axis test_binned_color_map
      test_spectrum_view test_aptitude_view test_attention_received_view test_attention_pattern_view
      test_sink_grid_view test_dark_ratio_view test_hmlv_view test_spectrogram_view test_bos_story_view
      test_token_strip_view test_publication_style test_cell_grid_view
      test_fitted_ticker)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/widgets/${view_test}.cpp)
      spectro_add_widget_test(${view_test})
    endif()
  endforeach()
endif()

# The sink views on a real cache: the demo model's run, analysed through core (needs the
# shared corpus and the engine).
if(SPECTRO_BUILD_GUI AND TARGET spectroscope_widgets)
  spectro_add_widget_test(test_sink_views)
  target_include_directories(test_sink_views PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(test_sink_views PRIVATE spectro_experiments spectro_figures)
  target_compile_definitions(test_sink_views PRIVATE SPECTRO_SHARED_DIR="${SPECTRO_SHARED_DIR}")
endif()

if(SPECTRO_BUILD_GUI AND TARGET spectroscope_gui_lib)
  spectro_add_gui_test(test_gui_engine_controller)
  # Its hostile caches are damaged with the plain HDF5 API, and compared with `analyze`'s errors.
  target_link_libraries(test_gui_engine_controller PRIVATE spectro::hdf5)
  add_dependencies(test_gui_engine_controller spectroscope-cli)
  spectro_add_gui_test(test_gui_figure_loader)
  spectro_add_gui_test(test_gui_analyze)
  spectro_add_gui_test(test_gui_session_controller)
  spectro_add_gui_test(test_gui_corpus_dialog)
  spectro_add_gui_test(test_gui_workbench)
  spectro_add_gui_test(test_gui_latency)
  spectro_add_gui_test(test_gui_screenshot)
  add_dependencies(test_gui_screenshot spectroscope spectroscope-cli)
  # The guided tour (app/gui/tour), every step on the demo model.
  spectro_add_gui_test(test_tour DIR gui TIMEOUT 120)
  # Help > About and Help > User Guide.
  spectro_add_gui_test(test_about_dialog DIR gui TIMEOUT 60)
  # spectroscope-cli figure (app/figure): every kind, every format, the session re-render.
  spectro_add_gui_test(test_cli_figure TIMEOUT 240)
  target_link_libraries(test_cli_figure PRIVATE spectroscope_widgets)
  add_dependencies(test_cli_figure spectroscope-cli)
endif()

# The German translation is complete: every string lupdate finds in app/gui and widgets is
# translated (scripts/update-translations.sh --check updates a temporary copy of the .ts and fails
# on anything unfinished or missing; rerun the script without --check after a merge).
if(SPECTRO_BUILD_GUI AND TARGET Qt6::lupdate AND TARGET Qt6::lrelease)
  add_test(NAME test_translations COMMAND ${PROJECT_SOURCE_DIR}/scripts/update-translations.sh --check)
  set_tests_properties(test_translations PROPERTIES
    ENVIRONMENT "LUPDATE=$<TARGET_FILE:Qt6::lupdate>;LRELEASE=$<TARGET_FILE:Qt6::lrelease>" LABELS "gui" TIMEOUT 120)
endif()
