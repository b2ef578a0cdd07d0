#pragma once
// Running spectroscope-cli from the CLI tests: exit code, stdout and stderr of one invocation,
// with the spectra cached in a folder of the test's (never the user's home).
#include "test_support.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTest>

namespace spectro::test {

struct CliResult {
    int code = -1; // -2: crashed; -1: did not finish in time
    QString out, err;
};

inline CliResult runCli(const QStringList& args, const QString& spectraDir, int timeoutMs = 600000)
{
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    if (!spectraDir.isEmpty()) env.insert("SPECTRO_CACHE_DIR", spectraDir);
    p.setProcessEnvironment(env);
    p.start(QString::fromUtf8(SPECTRO_CLI_PATH), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

inline QString sharedModel(const char* relative)
{
    return QString::fromStdString(modelPath(relative));
}
inline QString storiesText()
{
    return QString::fromStdString(sharedPath("corpora/tinystories_validation_first_stories.txt"));
}

// The non-empty lines of a file.
inline QStringList fileLines(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
}

// A failed invocation as the CLI's contract says: exit code 1, and the last line of stderr (progress
// lines may precede it) names the culprit.
inline void verifyFailure(const CliResult& r, const QStringList& args, const QString& needle)
{
    QVERIFY2(r.code == 1, qPrintable(args.join(' ') + " exited with " + QString::number(r.code)));
    const QString err = r.err.trimmed().split('\n').last();
    QVERIFY2(err.contains(needle), qPrintable("'" + err + "' lacks '" + needle + "'"));
}

} // namespace spectro::test
