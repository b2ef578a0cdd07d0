// spectroscope: the desktop workbench. Parses the command line, installs translations, starts
// the engine runtime and shows the main window; everything else lives in the library.
#include "command_line.h"
#include "default_model.h"
#include "engine/runtime.h"
#include "main_window.h"
#include "screenshot_session.h"
#include "translations.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Spectroscope"));
    QApplication::setApplicationName(QStringLiteral("Spectroscope"));
    QApplication::setApplicationVersion(QStringLiteral(SPECTRO_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("spectroscope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/spectroscope.svg")));

    const spectro::gui::CommandLine args = spectro::gui::parseCommandLine(app);
    spectro::gui::installTranslations(app, args.language);
    // Before any tensor work: libtorch's first call would otherwise pin OpenMP to one thread.
    spectro::initRuntime();

    spectro::gui::MainWindow window;
    window.show();

    const QString model = args.modelPath.isEmpty() ? spectro::gui::defaultModelPath() : args.modelPath;
    if (!model.isEmpty()) window.openModel(model);
    const bool runPrompt = !model.isEmpty() && !args.prompt.isEmpty();
    if (runPrompt) window.runPrompt(args.prompt, args.steps);

    if (!args.screenshot.isEmpty()) {
        new spectro::gui::ScreenshotSession(&window, args.screenshot, !model.isEmpty(), runPrompt, &app);
    }
    return QApplication::exec();
}
