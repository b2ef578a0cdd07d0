#include "model/rope_frequencies.h"

#include <cmath>
#include <numbers>

namespace spectro {

std::vector<double> ropeInverseFrequencies(const ModelConfig& c)
{
    const int hd = c.headDim();
    const RopeScaling& s = c.rope;
    std::vector<double> inv(static_cast<std::size_t>(hd / 2));
    for (std::size_t i = 0; i < inv.size(); ++i) {
        double f = std::pow(c.ropeTheta, -2.0 * static_cast<double>(i) / hd);
        if (s.type == RopeType::Linear) {
            f /= s.factor;
        } else if (s.type == RopeType::Llama3) {
            // Wavelengths shorter than original / high_freq_factor keep their frequency, longer than
            // original / low_freq_factor are slowed down by `factor`; between, a linear blend in
            // original / wavelength (transformers' "smooth_factor").
            const double old = s.originalMaxPositions;
            const double wavelength = 2 * std::numbers::pi / f;
            if (wavelength > old / s.lowFreqFactor) {
                f /= s.factor;
            } else if (wavelength >= old / s.highFreqFactor) {
                const double smooth = (old / wavelength - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
                f = (1 - smooth) * f / s.factor + smooth * f;
            }
        }
        if (!s.freqDivisors.empty()) f /= s.freqDivisors[i];
        inv[i] = f;
    }
    return inv;
}

} // namespace spectro
