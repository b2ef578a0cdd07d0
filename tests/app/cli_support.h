#pragma once
// Running spectroscope-cli from a test: exit code, stdout and stderr, and the contract for bad
// input (exit code 1, one line on stderr that names the culprit).
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTest>

namespace spectro::test {

struct CliResult {
    int code = -1;
    QString out, err;
};

inline CliResult cli(const QStringList& args, int timeoutMs = 300000)
{
    QProcess p;
    p.start(QString::fromUtf8(SPECTRO_CLI_PATH), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

inline void expectFailure(const QStringList& args, const QString& needle)
{
    const CliResult r = cli(args);
    QVERIFY2(r.code == 1, qPrintable(args.join(' ') + " exited with " + QString::number(r.code)));
    const QString err = r.err.trimmed();
    QVERIFY2(!err.contains('\n'), qPrintable("not one line: " + err));
    QVERIFY2(err.contains(needle), qPrintable("'" + err + "' lacks '" + needle + "'"));
}

} // namespace spectro::test
