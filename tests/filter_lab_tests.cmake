# The filter lab's GUI tests (issue 13): its views (widgets/) and its panel with the engine thread
# (app/gui/filter_lab_*). Included from tests/CMakeLists.txt; headless under the offscreen platform.
if(SPECTRO_BUILD_GUI AND TARGET spectroscope_filter_lab)
  add_executable(test_filter_lab_views ${CMAKE_CURRENT_LIST_DIR}/widgets/test_filter_lab_views.cpp)
  target_link_libraries(test_filter_lab_views PRIVATE Qt6::Test spectroscope_widgets spectro::options)
  set_target_properties(test_filter_lab_views PROPERTIES AUTOMOC ON)
  add_test(NAME test_filter_lab_views COMMAND test_filter_lab_views)
  set_tests_properties(test_filter_lab_views PROPERTIES ENVIRONMENT QT_QPA_PLATFORM=offscreen LABELS "gui")

  add_executable(test_filter_lab_panel ${CMAKE_CURRENT_LIST_DIR}/app/test_filter_lab_panel.cpp)
  target_link_libraries(test_filter_lab_panel PRIVATE Qt6::Test spectroscope_filter_lab spectro::options)
  target_include_directories(test_filter_lab_panel PRIVATE ${CMAKE_CURRENT_LIST_DIR})
  target_compile_definitions(test_filter_lab_panel PRIVATE
    SPECTRO_SHARED_DIR="${SPECTRO_SHARED_DIR}" SPECTRO_CLI_PATH="$<TARGET_FILE:spectroscope-cli>")
  set_target_properties(test_filter_lab_panel PROPERTIES AUTOMOC ON)
  add_dependencies(test_filter_lab_panel spectroscope-cli)
  add_test(NAME test_filter_lab_panel COMMAND test_filter_lab_panel)
  set_tests_properties(test_filter_lab_panel PROPERTIES ENVIRONMENT QT_QPA_PLATFORM=offscreen LABELS "gui" TIMEOUT 300)

  # Issue 13's "done when": the teacher's drag of the k slider, key by key, on the demo model.
  add_executable(test_filter_lab_teacher ${CMAKE_CURRENT_LIST_DIR}/app/test_filter_lab_teacher.cpp)
  target_link_libraries(test_filter_lab_teacher PRIVATE Qt6::Test spectroscope_filter_lab spectro::options)
  target_include_directories(test_filter_lab_teacher PRIVATE ${CMAKE_CURRENT_LIST_DIR})
  target_compile_definitions(test_filter_lab_teacher PRIVATE
    SPECTRO_SHARED_DIR="${SPECTRO_SHARED_DIR}" SPECTRO_CLI_PATH="$<TARGET_FILE:spectroscope-cli>")
  set_target_properties(test_filter_lab_teacher PROPERTIES AUTOMOC ON)
  add_dependencies(test_filter_lab_teacher spectroscope-cli)
  add_test(NAME test_filter_lab_teacher COMMAND test_filter_lab_teacher)
  set_tests_properties(test_filter_lab_teacher PROPERTIES ENVIRONMENT QT_QPA_PLATFORM=offscreen LABELS "gui" TIMEOUT 120)
endif()

# The lab through the real MainWindow: its setting and its sweep survive a saved session.
if(SPECTRO_BUILD_GUI AND TARGET spectroscope_gui_lib)
  spectro_add_gui_test(test_gui_filter_lab_session TIMEOUT 120)
  add_dependencies(test_gui_filter_lab_session spectroscope-cli)
endif()
