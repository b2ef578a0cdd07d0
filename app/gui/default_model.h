#pragma once
// What the start page opens with one click, and the corpora the Run Corpus dialog offers: the
// demo model the project trains itself (docs/demo-model.md), found the same way the CLI finds it
// (core model/default_model.h), its prepared demo corpus (resources/corpora), and the shared
// stories and code corpora when they are present (../shared/corpora beside the checkout, or
// $SPECTRO_SHARED_DIR).
#include <QList>
#include <QString>

namespace spectro::gui {

// $SPECTRO_DEFAULT_MODEL when set (even if it does not exist: loading it then reports why), else
// the installed or source-tree demo model, else "" (the app starts with its empty state).
QString defaultModelPath();

// The demo corpus, installed (<exe>/../share/spectroscope/corpora/demo-stories.txt) or in the
// source tree; "" when neither exists.
QString demoCorpusPath();

// Where the start page's demo run writes its cache: <spectroscope cache folder>/demo/demo-stories.h5
// (run again, it resumes: the second click costs nothing).
QString demoCachePath();

struct CorpusOffer {
    QString label; // "TinyStories (validation, 1,000 stories)"
    QString path;
    QString jsonlField; // empty: plain text
};

// The demo corpus and the shared corpora that exist on this machine.
QList<CorpusOffer> offeredCorpora();

} // namespace spectro::gui
