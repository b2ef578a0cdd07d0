#pragma once
// Installs the UI translation embedded by qt_add_translations (resource prefix /i18n) and Qt's
// own translations for the standard dialogs.
#include <QString>

class QCoreApplication;

namespace spectro::gui {

// `language` overrides the system locale ("de", "en"); returns the locale name in use.
QString installTranslations(QCoreApplication& app, const QString& language = {});

} // namespace spectro::gui
