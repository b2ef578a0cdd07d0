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
    // Without a file the start page shows, with the demo one click away; --prompt alone still
    // means the default (demo) model.
    QString path = args.path;
    if (path.isEmpty() && !args.demo && !args.prompt.isEmpty()) path = spectro::gui::defaultModelPath();
    const bool opens = args.demo || !path.isEmpty();
    // Before anything opens, so that an error of the very first load is caught.
    if (!args.screenshot.isEmpty()) new spectro::gui::ScreenshotSession(&window, args.screenshot, opens, &app);
    window.show();
    if (args.demo) {
        window.openDemo();
    } else if (!path.isEmpty()) {
        window.openPath(path);
    }
    if (!args.prompt.isEmpty() && opens) window.runPrompt(args.prompt, args.steps);
    return QApplication::exec();
}
