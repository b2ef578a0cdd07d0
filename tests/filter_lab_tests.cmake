# The filter lab's GUI tests (issue 13): its views (widgets/) and its panel with the engine thread
# (app/gui/filter_lab_*). Included from tests/CMakeLists.txt; headless under the offscreen platform.
if(SPECTRO_BUILD_GUI AND TARGET spectroscope_filter_lab)
  add_executable(test_filter_lab_views ${CMAKE_CURRENT_LIST_DIR}/widgets/test_filter_lab_views.cpp)
  target_link_libraries(test_filter_lab_views PRIVATE Qt6::Test spectroscope_widgets spectro::options)
  set_target_properties(test_filter_lab_views PROPERTIES AUTOMOC ON)
  add_test(NAME test_filter_lab_views COMMAND test_filter_lab_views)
  set_tests_properties(test_filter_lab_views PROPERTIES ENVIRONMENT QT_QPA_PLATFORM=offscreen LABELS "gui")

  # A test of the lab's panel with its engine thread on the demo model (it runs the CLI for its
  # cache and reference numbers).
  function(spectro_add_filter_lab_test name timeout)
    add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/app/${name}.cpp)
    target_link_libraries(${name} PRIVATE Qt6::Test spectroscope_filter_lab spectro::options)
    target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_LIST_DIR})
    target_compile_definitions(${name} PRIVATE
      SPECTRO_SHARED_DIR="${SPECTRO_SHARED_DIR}" SPECTRO_CLI_PATH="$<TARGET_FILE:spectroscope-cli>")
    set_target_properties(${name} PROPERTIES AUTOMOC ON)
    add_dependencies(${name} spectroscope-cli)
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES ENVIRONMENT QT_QPA_PLATFORM=offscreen LABELS "gui" TIMEOUT ${timeout})
  endfunction()
  spectro_add_filter_lab_test(test_filter_lab_panel 300)
  # Issue 13's "done when": the teacher's drag of the k slider, key by key, on the demo model.
  spectro_add_filter_lab_test(test_filter_lab_teacher 120)
endif()

# The lab through the real MainWindow: its setting and its sweep survive a saved session.
if(SPECTRO_BUILD_GUI AND TARGET spectroscope_gui_lib)
  spectro_add_gui_test(test_gui_filter_lab_session TIMEOUT 120)
  add_dependencies(test_gui_filter_lab_session spectroscope-cli)
endif()
