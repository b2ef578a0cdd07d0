#include "about_dialog.h"

#include "about_dialog_revision.h"
#include "engine/runtime.h"
#include "qcustomplot_include.h"

#include <H5public.h>
#include <QApplication>
#include <QClipboard>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace spectro::gui {

BuildVersions buildVersions()
{
    BuildVersions v;
    v.app = QStringLiteral(SPECTRO_VERSION);
    v.revision = QStringLiteral(SPECTRO_GIT_REVISION);
    if (v.revision.isEmpty()) v.revision = QStringLiteral("unknown");
    v.qtRuntime = QString::fromLatin1(qVersion());
    v.qtBuild = QStringLiteral(QT_VERSION_STR);
    v.torch = QString::fromStdString(torchVersion());
    unsigned major = 0, minor = 0, release = 0;
    // The library loaded, not the headers compiled against (the two can differ on a system update).
    if (H5get_libversion(&major, &minor, &release) >= 0)
        v.hdf5 = QStringLiteral("%1.%2.%3").arg(major).arg(minor).arg(release);
    else
        v.hdf5 = QStringLiteral(H5_VERS_INFO);
    v.qcustomplot = QStringLiteral(QCUSTOMPLOT_VERSION_STR);
    return v;
}

QString userGuidePath()
{
    const QString installed = QDir(QCoreApplication::applicationDirPath())
                                  .absoluteFilePath(QStringLiteral("../share/doc/spectroscope/user-guide.md"));
    for (const QString& candidate : {installed, QStringLiteral(SPECTRO_SOURCE_USER_GUIDE)}) {
        if (QFileInfo::exists(candidate)) return QFileInfo(candidate).canonicalFilePath();
    }
    return {};
}

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent), versions_(buildVersions())
{
    setWindowTitle(tr("About Spectroscope"));
    auto* layout = new QVBoxLayout(this);
    auto* text = new QLabel(this);
    text->setTextFormat(Qt::RichText);
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    text->setOpenExternalLinks(true);
    const QString row = QStringLiteral("<tr><td>%1</td><td>&nbsp;&nbsp;<b>%2</b></td></tr>");
    QString table = QStringLiteral("<table>");
    table += row.arg(tr("Revision"), versions_.revision.toHtmlEscaped());
    table += row.arg(tr("Qt"), versions_.qtRuntime == versions_.qtBuild
                                   ? versions_.qtRuntime
                                   : tr("%1 (built with %2)").arg(versions_.qtRuntime, versions_.qtBuild));
    table += row.arg(tr("libtorch"), versions_.torch.toHtmlEscaped());
    table += row.arg(tr("HDF5"), versions_.hdf5);
    table += row.arg(tr("QCustomPlot"), versions_.qcustomplot);
    table += row.arg(tr("Compute threads")).arg(computeThreads());
    table += QStringLiteral("</table>");
    text->setText(tr("<h3>Spectroscope %1</h3>"
                     "<p>A workbench for logit spectroscopy of LLaMa-architecture language models: the spectra of "
                     "W<sub>u</sub> and W<sub>e</sub>, dark signals, attention sinks and the BoS story, in linked "
                     "views (N. Cancedda, <i>Spectral Filters, Dark Signals, and Attention Sinks</i>, ACL 2024).</p>")
                      .arg(versions_.app) +
                  table);
    layout->addWidget(text);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* copy = buttons->addButton(tr("Copy Versions"), QDialogButtonBox::ActionRole);
    copy->setToolTip(tr("Copy the versions to the clipboard, for a bug report"));
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(versionsText()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString AboutDialog::versionsText() const
{
    return QStringLiteral("Spectroscope %1\nrevision: %2\nQt: %3 (built with %4)\nlibtorch: %5\nHDF5: %6\n"
                          "QCustomPlot: %7\n")
        .arg(versions_.app, versions_.revision, versions_.qtRuntime, versions_.qtBuild, versions_.torch, versions_.hdf5,
             versions_.qcustomplot);
}

} // namespace spectro::gui
