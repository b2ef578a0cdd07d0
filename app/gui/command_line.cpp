#include "command_line.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstdio>
#include <cstdlib>

namespace spectro::gui {

namespace {

[[noreturn]] void failUsage(const QString& message)
{
    std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()), qPrintable(message));
    std::exit(2);
}

} // namespace

CommandLine parseCommandLine(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("CommandLine", "Logit spectroscopy workbench for LLaMa-architecture models."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("file"),
        QCoreApplication::translate("CommandLine",
                                    "What to open: a model (.bin, .gguf, Hugging Face folder), a cache (.h5) or a "
                                    "session (.spectro). Without one, the start page (the demo is one click)."),
        QStringLiteral("[file]"));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QCoreApplication::translate("CommandLine",
                                    "Open the demo: the demo model, its corpus run into a cache, every view."));
    const QCommandLineOption prompt(
        QStringLiteral("prompt"),
        QCoreApplication::translate("CommandLine", "Run this prompt once the model has loaded."),
        QStringLiteral("text"));
    const QCommandLineOption steps(QStringLiteral("steps"),
                                   QCoreApplication::translate("CommandLine", "Tokens to generate (default 32)."),
                                   QStringLiteral("n"), QStringLiteral("32"));
    const QCommandLineOption language(
        QStringLiteral("lang"), QCoreApplication::translate("CommandLine", "User interface language, e.g. de or en."),
        QStringLiteral("code"));
    // For documentation and visual checks: no dialogs, grabs the window after the work is done.
    QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save a PNG of the window and quit."),
                                  QStringLiteral("file"));
    screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({demo, prompt, steps, language, screenshot});
    parser.process(app);

    CommandLine result;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        failUsage(QCoreApplication::translate("CommandLine", "Give at most one file."));
    }
    if (!positional.isEmpty()) result.path = positional.first();
    result.demo = parser.isSet(demo);
    if (result.demo && !result.path.isEmpty()) {
        failUsage(QCoreApplication::translate("CommandLine", "--demo opens the demo model; give no file with it."));
    }
    result.prompt = parser.value(prompt);
    bool ok = false;
    result.steps = parser.value(steps).toInt(&ok);
    if (!ok || result.steps < 0) {
        failUsage(QCoreApplication::translate("CommandLine", "--steps needs a non-negative number."));
    }
    result.language = parser.value(language);
    result.screenshot = parser.value(screenshot);
    return result;
}

} // namespace spectro::gui
