#include "spectral/spectrum_store.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "io/atomic_file.h"
#include "model/checkpoint.h"
#include "model/fingerprint.h"
#include "util/error.h"
#include "util/log.h"

namespace spectro {
namespace {

constexpr char kMagic[8] = {'S', 'P', 'E', 'C', 'T', 'R', 'U', '1'};

struct Header {
    char magic[8];
    std::int32_t matrix, dim, rank, folded;
};

}  // namespace

std::string spectroCacheFolder()
{
    if (const char* dir = std::getenv("SPECTRO_CACHE_DIR"); dir && *dir) return dir;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/spectroscope";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/spectroscope";
    return {};
}

void saveSpectrum(const std::string& path, const Spectrum& s)
{
    AtomicFile file(path);
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.matrix = s.matrix == SpectralMatrix::Unembed ? 0 : 1;
    h.dim = s.dim;
    h.rank = s.rank;
    h.folded = s.foldedNorm ? 1 : 0;
    file.write(&h, sizeof h);
    file.write(s.singularValues.data(), s.singularValues.size() * sizeof(double));
    file.write(s.vectors.data(), s.vectors.size() * sizeof(double));
    file.commit();
}

Spectrum loadSpectrum(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open the spectrum file");
    Header h{};
    in.read(reinterpret_cast<char*>(&h), sizeof h);
    if (!in || std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) throw Error(path + ": not a Spectroscope spectrum file");
    if (h.dim < 1 || h.dim > 65536 || h.rank < 0 || h.rank > h.dim) throw Error(path + ": implausible spectrum header");
    Spectrum s;
    s.matrix = h.matrix == 0 ? SpectralMatrix::Unembed : SpectralMatrix::Embed;
    s.dim = h.dim;
    s.rank = h.rank;
    s.foldedNorm = h.folded != 0;
    const auto d = static_cast<std::size_t>(h.dim);
    s.singularValues.resize(d);
    s.vectors.resize(d * d);
    in.read(reinterpret_cast<char*>(s.singularValues.data()), static_cast<std::streamsize>(d * sizeof(double)));
    in.read(reinterpret_cast<char*>(s.vectors.data()), static_cast<std::streamsize>(d * d * sizeof(double)));
    if (!in || in.peek() != std::char_traits<char>::eof()) throw Error(path + ": truncated or oversized spectrum file");
    return s;
}

std::shared_ptr<const Spectrum> loadOrComputeSpectrum(const Checkpoint& checkpoint, SpectralMatrix matrix,
                                                      const SpectrumOptions& options, const ProgressFn& progress,
                                                      SpectrumSource* source)
{
    const bool fold = options.foldNorm && matrix == SpectralMatrix::Unembed;
    const std::string folder = spectroCacheFolder();
    std::string path;
    if (!folder.empty()) {
        path = folder + "/spectra/" + fingerprint(checkpoint) + "-" + matrixName(matrix) + (fold ? "-folded" : "") + ".bin";
    }
    if (source) *source = {false, path};
    std::error_code ec;
    if (!path.empty() && std::filesystem::exists(path, ec)) {
        try {
            auto s = std::make_shared<Spectrum>(loadSpectrum(path));
            const auto& w = checkpoint.tensor(matrix == SpectralMatrix::Unembed ? "output" : "token_embedding");
            if (s->dim == w.shape.at(1) && s->matrix == matrix && s->foldedNorm == fold) {
                if (source) source->fromCache = true;
                return s;
            }
            warn(path + ": spectrum does not match the model; recomputing");
        } catch (const Error& e) {
            warn(std::string(e.what()) + "; recomputing");
        }
    }
    auto s = std::make_shared<Spectrum>(computeSpectrum(checkpoint, matrix, options, progress));
    if (!path.empty()) {
        try {
            std::filesystem::create_directories(std::filesystem::path(path).parent_path());
            saveSpectrum(path, *s);
        } catch (const std::exception& e) {
            // Caching is an optimisation: a read-only home folder must not stop the analysis.
            warn(std::string("could not cache the spectrum: ") + e.what());
            if (source) source->path.clear();
        }
    }
    return s;
}

}  // namespace spectro
