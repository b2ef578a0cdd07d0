#pragma once
// What the window shows about the open cache (status line, the selection bar's sample list),
// read off the GUI thread once per cache: its samples and their lengths, the model shape, which
// taps and results it holds.
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

namespace spectro {
class CacheReader;
}

namespace spectro::gui {

struct CacheSummary {
    QString path;
    int layers = 0, heads = 0, dim = 0, vocab = 0;
    std::vector<int> samples;     // indices of the complete samples, ascending
    std::vector<int> tokenCounts; // per sample
    QStringList snippets;         // the first words of each sample's text
    QString taps;                 // of the first sample: "resid, attn, ..."
    bool hasSpectrum = false;
    bool analysed = false; // /analysis holds U-dark ratios
    QString modelPath, modelFingerprint;
    // "8 samples · 4 layers · taps resid, attn · analysed"
    QString describe() const;
};
using CacheSummaryPtr = std::shared_ptr<const CacheSummary>;

CacheSummary summarizeCache(const CacheReader& cache);

} // namespace spectro::gui

Q_DECLARE_METATYPE(spectro::gui::CacheSummaryPtr)
