#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace spectro::gui {

namespace {
const char* const kLanguageKey = "language";
} // namespace

QString savedLanguage()
{
    return QSettings().value(QLatin1String(kLanguageKey)).toString();
}

void saveLanguage(const QString& language)
{
    QSettings settings;
    if (language.isEmpty())
        settings.remove(QLatin1String(kLanguageKey));
    else
        settings.setValue(QLatin1String(kLanguageKey), language);
}

QString installTranslations(QCoreApplication& app, const QString& requested)
{
    const QString language = requested.isEmpty() ? savedLanguage() : requested;
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    if (!language.isEmpty()) QLocale::setDefault(locale);
    // English is the source language: no translator is needed, and none is found.
    auto* own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("spectroscope"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        app.installTranslator(own);
    } else {
        delete own;
    }
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        app.installTranslator(qt);
    } else {
        delete qt;
    }
    return locale.name();
}

} // namespace spectro::gui
