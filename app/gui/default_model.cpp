#include "default_model.h"

#include "model/default_model.h"
#include "spectral/spectrum_store.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QtGlobal>

#ifndef SPECTRO_SOURCE_DEMO_CORPUS
#define SPECTRO_SOURCE_DEMO_CORPUS ""
#endif
#ifndef SPECTRO_SHARED_DIR
#define SPECTRO_SHARED_DIR ""
#endif

namespace spectro::gui {

QString defaultModelPath()
{
    const QString fromEnvironment = qEnvironmentVariable("SPECTRO_DEFAULT_MODEL");
    if (!fromEnvironment.isEmpty()) return fromEnvironment;
    try {
        return QString::fromStdString(spectro::defaultModelPath());
    } catch (const spectro::Error&) {
        return {}; // no demo model shipped: the empty state invites the user to open one
    }
}

QString demoCorpusPath()
{
    const QString installed = QDir(QCoreApplication::applicationDirPath())
                                  .filePath(QStringLiteral("../share/spectroscope/corpora/demo-stories.txt"));
    for (const QString& candidate : {installed, QStringLiteral(SPECTRO_SOURCE_DEMO_CORPUS)}) {
        if (!candidate.isEmpty() && QFileInfo::exists(candidate)) return QFileInfo(candidate).absoluteFilePath();
    }
    return {};
}

QString demoCachePath()
{
    return QDir(QString::fromStdString(spectroCacheFolder())).filePath(QStringLiteral("demo/demo-stories.h5"));
}

QList<CorpusOffer> offeredCorpora()
{
    QList<CorpusOffer> offers;
    const QString demo = demoCorpusPath();
    if (!demo.isEmpty()) {
        offers.append(
            {QCoreApplication::translate("Corpora", "Demo stories (held-out TinyStories text, 9 KB)"), demo, {}});
    }
    QString shared = qEnvironmentVariable("SPECTRO_SHARED_DIR");
    if (shared.isEmpty()) shared = QStringLiteral(SPECTRO_SHARED_DIR);
    const QDir corpora(QDir(shared).filePath(QStringLiteral("corpora")));
    const struct {
        const char* label;
        const char* file;
        const char* field;
    } known[] = {
        {QT_TRANSLATE_NOOP("Corpora", "TinyStories validation stories (text, 794 KB)"),
         "tinystories_validation_first_stories.txt", ""},
        {QT_TRANSLATE_NOOP("Corpora", "HumanEval prompts (code, JSONL field prompt)"), "HumanEval.jsonl", "prompt"},
        {QT_TRANSLATE_NOOP("Corpora", "Code Contests solutions (code, JSONL field solution_python)"),
         "codecontests_300.jsonl", "solution_python"},
    };
    if (!shared.isEmpty()) {
        for (const auto& k : known) {
            const QString path = corpora.filePath(QString::fromLatin1(k.file));
            if (QFileInfo::exists(path)) {
                offers.append({QCoreApplication::translate("Corpora", k.label), QFileInfo(path).absoluteFilePath(),
                               QString::fromLatin1(k.field)});
            }
        }
    }
    return offers;
}

} // namespace spectro::gui
