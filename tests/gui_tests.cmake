# Qt Test suite for the GUI: the widgets library and the app's engine controller. Included from
# tests/CMakeLists.txt; widget tests run headless under the offscreen platform.
if(SPECTRO_BUILD_GUI AND TARGET spectroscope_widgets)
  add_executable(test_next_token_view ${CMAKE_CURRENT_LIST_DIR}/widgets/test_next_token_view.cpp)
  target_link_libraries(test_next_token_view PRIVATE Qt6::Test spectroscope_widgets spectro::options)
  set_target_properties(test_next_token_view PROPERTIES AUTOMOC ON)
  add_test(NAME test_next_token_view COMMAND test_next_token_view)
  set_tests_properties(test_next_token_view PROPERTIES ENVIRONMENT QT_QPA_PLATFORM=offscreen LABELS "gui")
endif()

if(SPECTRO_BUILD_GUI AND TARGET spectroscope_gui_lib)
  add_executable(test_gui_engine_controller ${CMAKE_CURRENT_LIST_DIR}/app/test_gui_engine_controller.cpp)
  target_link_libraries(test_gui_engine_controller PRIVATE Qt6::Test spectroscope_gui_lib spectro::options)
  target_compile_definitions(test_gui_engine_controller PRIVATE SPECTRO_SHARED_DIR="${SPECTRO_SHARED_DIR}")
  target_include_directories(test_gui_engine_controller PRIVATE ${CMAKE_CURRENT_LIST_DIR})
  set_target_properties(test_gui_engine_controller PROPERTIES AUTOMOC ON)
  add_test(NAME test_gui_engine_controller COMMAND test_gui_engine_controller)
  set_tests_properties(test_gui_engine_controller PROPERTIES
    ENVIRONMENT QT_QPA_PLATFORM=offscreen LABELS "gui" TIMEOUT 300)
endif()
