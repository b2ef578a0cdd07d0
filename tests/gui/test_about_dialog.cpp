// Help > About names what the build runs on: Qt as loaded (and as built against), libtorch, HDF5
// and QCustomPlot, and the git revision taken at configure time; Help > User Guide finds the guide.
#include "about_dialog.h"

#include <QFileInfo>
#include <QLabel>
#include <QRegularExpression>
#include <QTest>

using spectro::gui::AboutDialog;
using spectro::gui::buildVersions;

class TestAboutDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void versionsAreTheLibrariesInUse()
    {
        const auto v = buildVersions();
        QCOMPARE(v.qtRuntime, QString::fromLatin1(qVersion()));
        QCOMPARE(v.qtBuild, QStringLiteral(QT_VERSION_STR));
        const QRegularExpression version(QStringLiteral("^\\d+\\.\\d+(\\.\\d+)?"));
        for (const QString& s : {v.torch, v.hdf5, v.qcustomplot, v.app})
            QVERIFY2(version.match(s).hasMatch(), qPrintable(s));
        // git describe --always --dirty: a hash or a tag-based name, or "unknown" outside git.
        const QRegularExpression revision(QStringLiteral("^(unknown|[0-9A-Za-z._-]+)$"));
        QVERIFY2(revision.match(v.revision).hasMatch(), qPrintable(v.revision));
        QVERIFY(!v.revision.isEmpty());
    }

    void dialogShowsEveryVersion()
    {
        AboutDialog dialog;
        const auto v = buildVersions();
        QString shown;
        for (const QLabel* label : dialog.findChildren<QLabel*>()) shown += label->text();
        for (const QString& s : {v.revision, v.qtRuntime, v.torch, v.hdf5, v.qcustomplot, v.app})
            QVERIFY2(shown.contains(s), qPrintable(s));
        for (const QString& s : {v.revision, v.qtRuntime, v.qtBuild, v.torch, v.hdf5, v.qcustomplot})
            QVERIFY(dialog.versionsText().contains(s));
        if (const QString out = qEnvironmentVariable("SPECTRO_ABOUT_SHOT"); !out.isEmpty()) {
            dialog.show();
            QTest::qWait(100);
            dialog.grab().save(out);
        }
    }

    void userGuideIsFound()
    {
        const QString path = spectro::gui::userGuidePath();
        QVERIFY(QFileInfo::exists(path));
        QCOMPARE(QFileInfo(path).fileName(), QStringLiteral("user-guide.md"));
    }
};

QTEST_MAIN(TestAboutDialog)
#include "test_about_dialog.moc"
