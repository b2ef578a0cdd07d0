# Every dependency comes from Debian 12's packages (see scripts/install-deps.sh).
find_package(Threads REQUIRED)
find_package(OpenMP REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SPM REQUIRED IMPORTED_TARGET sentencepiece)
# Spectra and filters: float64 Gram + dsyevd, sgemm projections (toolchain.md, gotcha 5).
pkg_check_modules(OPENBLAS REQUIRED IMPORTED_TARGET openblas)
pkg_check_modules(LAPACKE REQUIRED IMPORTED_TARGET lapacke)
# Dense linear algebra written as formulas (core/sinks, core/spectral, core/analysis): Eigen, with its products sent to
# OpenBLAS (EIGEN_USE_BLAS) because the build has no -march flags and Eigen's own kernels would
# then be SSE2 only.
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
add_library(spectro_eigen INTERFACE)
target_link_libraries(spectro_eigen INTERFACE Eigen3::Eigen PkgConfig::OPENBLAS)
# One definition for every translation unit that uses Eigen (mixing would give two versions of
# its product kernels to the linker).
target_compile_definitions(spectro_eigen INTERFACE EIGEN_USE_BLAS)
add_library(spectro::eigen ALIAS spectro_eigen)

# libtorch exports no imported target; wrap it so that only engine code sees it.
find_package(Torch REQUIRED)
add_library(spectro_torch INTERFACE)
target_link_libraries(spectro_torch INTERFACE ${TORCH_LIBRARIES})
target_include_directories(spectro_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})
target_compile_options(spectro_torch INTERFACE ${TORCH_CXX_FLAGS})
add_library(spectro::torch ALIAS spectro_torch)

add_library(spectro_hdf5 INTERFACE)
target_link_libraries(spectro_hdf5 INTERFACE ${HDF5_C_LIBRARIES})
target_include_directories(spectro_hdf5 SYSTEM INTERFACE ${HDF5_C_INCLUDE_DIRS})
target_compile_definitions(spectro_hdf5 INTERFACE ${HDF5_C_DEFINITIONS})
add_library(spectro::hdf5 ALIAS spectro_hdf5)

if(SPECTRO_BUILD_GUI OR SPECTRO_BUILD_TESTS)
  find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Concurrent Test PrintSupport Svg LinguistTools)
  qt_standard_project_setup()
  # AUTOMOC is switched on per Qt target; the Qt-free core must not get it.
  set(CMAKE_AUTOMOC OFF)
endif()
if(SPECTRO_BUILD_GUI)
  find_package(QCustomPlotQt6 REQUIRED)
endif()
