#include "analysis/sink.h"

#include "util/error.h"

namespace spectro {

void BosSink::add(const SampleTaps& taps)
{
    const Array& a = taps.attention;
    if (a.shape.size() != 4) throw Error("BoS sink: the sample has no attention tap (request taps 'attn')");
    const std::int64_t L = a.shape[0], H = a.shape[1], T = a.shape[2];
    if (sums_.empty()) sums_.assign(static_cast<std::size_t>(L), std::vector<double>(static_cast<std::size_t>(H), 0.0));
    if (static_cast<std::int64_t>(sums_.size()) != L || static_cast<std::int64_t>(sums_[0].size()) != H) {
        throw Error("BoS sink: samples with different layer or head counts");
    }
    if (T <= minQuery_) return;
    for (std::int64_t l = 0; l < L; ++l) {
        const float* layer = a.slice(l);
        for (std::int64_t h = 0; h < H; ++h) {
            double sum = 0.0;
            for (std::int64_t q = minQuery_; q < T; ++q) sum += layer[(h * T + q) * T + 0];
            sums_[static_cast<std::size_t>(l)][static_cast<std::size_t>(h)] += sum;
        }
    }
    queries_ += T - minQuery_;
}

std::vector<double> BosSink::perLayer() const
{
    std::vector<double> out;
    for (const auto& heads : perHead()) {
        double sum = 0.0;
        for (double h : heads) sum += h;
        out.push_back(sum / static_cast<double>(heads.size()));
    }
    return out;
}

std::vector<std::vector<double>> BosSink::perHead() const
{
    std::vector<std::vector<double>> out;
    if (queries_ == 0) return out;
    for (const auto& heads : sums_) {
        out.emplace_back();
        for (double s : heads) out.back().push_back(s / static_cast<double>(queries_));
    }
    return out;
}

std::vector<double> bosSinkPerLayer(const std::vector<SampleTaps>& taps, int minQuery)
{
    BosSink sink(minQuery);
    for (const auto& t : taps) sink.add(t);
    return sink.perLayer();
}

}  // namespace spectro
