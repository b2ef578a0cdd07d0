#pragma once
// Help > About: the app's version, the build's git revision and the versions of the libraries in
// use (Qt at run time and at build time, libtorch, HDF5, QCustomPlot), so that a bug report or a
// figure's provenance can say exactly what made it. Also where Help > User Guide finds the guide.
#include <QDialog>
#include <QString>

namespace spectro::gui {

struct BuildVersions {
    QString app;       // SPECTRO_VERSION
    QString revision;  // git describe at configure time, "unknown" outside git
    QString qtRuntime; // qVersion()
    QString qtBuild;   // QT_VERSION_STR
    QString torch;     // libtorch's own version
    QString hdf5;      // H5get_libversion
    QString qcustomplot;
};

BuildVersions buildVersions();

// docs/user-guide.md: installed (<exe>/../share/doc/spectroscope/) or in the source tree; "" when
// neither exists.
QString userGuidePath();

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
    // The versions as the dialog shows them (plain text, one "name: version" a line): what
    // "Copy" puts on the clipboard, for bug reports.
    QString versionsText() const;

private:
    BuildVersions versions_;
};

} // namespace spectro::gui
