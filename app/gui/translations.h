#pragma once
// Installs the UI translation embedded by qt_add_translations (resource prefix /i18n) and Qt's
// own translations for the standard dialogs.
#include <QString>

class QCoreApplication;

namespace spectro::gui {

// `language` overrides the system locale ("de", "en"); empty: the Language menu's saved choice,
// else the system locale. Returns the locale name in use.
QString installTranslations(QCoreApplication& app, const QString& language = {});

// The View > Language choice, kept in QSettings: "" (follow the system), "en" or "de". It takes
// effect at the next start (installTranslations reads it), so that no half-translated window is
// ever shown.
QString savedLanguage();
void saveLanguage(const QString& language);

} // namespace spectro::gui
