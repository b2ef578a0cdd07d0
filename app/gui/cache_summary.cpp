#include "cache_summary.h"

#include "store/cache_reader.h"
#include "store/cache_writer.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace spectro::gui {

namespace {
constexpr int kSnippetChars = 48;
}

CacheSummary summarizeCache(const CacheReader& cache)
{
    CacheSummary s;
    s.path = QString::fromStdString(cache.path());
    const ModelConfig& c = cache.config();
    s.layers = c.nLayers;
    s.heads = c.nHeads;
    s.dim = c.dim;
    s.vocab = c.vocabSize;
    s.samples = cache.sampleIndices();
    for (int i : s.samples) {
        s.tokenCounts.push_back(static_cast<int>(cache.tokens(i).size()));
        QString text = QString::fromStdString(cache.text(i)).simplified();
        if (text.size() > kSnippetChars) text = text.left(kSnippetChars) + QStringLiteral("…");
        s.snippets << text;
    }
    if (!s.samples.empty()) {
        QStringList taps;
        for (const char* tap : {"resid", "resid_mid", "attn_out", "mlp_out", "attn", "logits"}) {
            if (cache.has(s.samples.front(), tap)) taps << QString::fromLatin1(tap);
        }
        s.taps = taps.join(QStringLiteral(", "));
        s.analysed = cache.hasAnalysis("udr/" + sampleName(s.samples.front()));
    }
    s.hasSpectrum = cache.hasSpectrum("unembed");
    s.modelPath = QString::fromStdString(cache.attribute("model_path"));
    s.modelFingerprint = QString::fromStdString(cache.attribute("model_fingerprint"));
    return s;
}

QString CacheSummary::describe() const
{
    QString text = QCoreApplication::translate("CacheSummary", "%1: %2 samples · %3 layers · %4 heads · taps %5")
                       .arg(QFileInfo(path).fileName())
                       .arg(samples.size())
                       .arg(layers)
                       .arg(heads)
                       .arg(taps.isEmpty() ? QCoreApplication::translate("CacheSummary", "none") : taps);
    text += analysed ? QCoreApplication::translate("CacheSummary", " · analysed")
                     : QCoreApplication::translate("CacheSummary", " · not analysed (Run > Analyze Cache)");
    return text;
}

} // namespace spectro::gui
