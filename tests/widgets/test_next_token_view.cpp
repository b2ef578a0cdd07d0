// NextTokenView shows exactly the data it was given and exports valid files.
#include "next_token_view.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using spectro::widgets::NextTokenView;

class TestNextTokenView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsEmpty();
    void setDataRoundTrips();
    void exportsPng();
    void exportsPdfAndSvg();
    void rejectsUnknownFormat();
    void exportsCsv();

private:
    static std::vector<NextTokenView::Entry> sample()
    {
        return {{QStringLiteral(","), 0.969}, {QStringLiteral("▁there"), 0.029}, {QStringLiteral("a,\"b\""), 0.0003}};
    }
};

void TestNextTokenView::startsEmpty()
{
    NextTokenView view;
    QVERIFY(view.data().empty());
}

void TestNextTokenView::setDataRoundTrips()
{
    NextTokenView view;
    view.setData(sample());
    QCOMPARE(view.data().size(), std::size_t(3));
    QCOMPARE(view.data()[1].first, QStringLiteral("▁there"));
    QCOMPARE(view.data()[1].second, 0.029);
    view.clear();
    QVERIFY(view.data().empty());
}

void TestNextTokenView::exportsPng()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    NextTokenView view;
    view.resize(640, 400);
    view.setData(sample());
    const QString path = dir.filePath(QStringLiteral("next.png"));
    QVERIFY2(view.exportTo(path), qPrintable(view.lastError()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.size() > 1000);
    QCOMPARE(bytes.left(8), QByteArray("\x89PNG\r\n\x1a\n", 8));
}

void TestNextTokenView::exportsPdfAndSvg()
{
    QTemporaryDir dir;
    NextTokenView view;
    view.resize(640, 400);
    view.setData(sample());
    const QString pdf = dir.filePath(QStringLiteral("next.pdf"));
    QVERIFY2(view.exportTo(pdf), qPrintable(view.lastError()));
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QCOMPARE(pdfFile.read(5), QByteArray("%PDF-"));
    const QString svg = dir.filePath(QStringLiteral("next.svg"));
    QVERIFY2(view.exportTo(svg), qPrintable(view.lastError()));
    QFile svgFile(svg);
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    QVERIFY(svgFile.readAll().contains("<svg"));
}

void TestNextTokenView::rejectsUnknownFormat()
{
    QTemporaryDir dir;
    NextTokenView view;
    const QString path = dir.filePath(QStringLiteral("next.xyz"));
    QVERIFY(!view.exportTo(path));
    QVERIFY(view.lastError().contains(path));
    QVERIFY(!QFile::exists(path));
}

void TestNextTokenView::exportsCsv()
{
    QTemporaryDir dir;
    NextTokenView view;
    view.setData(sample());
    const QString path = dir.filePath(QStringLiteral("next.csv"));
    QVERIFY2(view.exportCsv(path), qPrintable(view.lastError()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0], QStringLiteral("rank,piece,probability"));
    QCOMPARE(lines[1], QStringLiteral("1,\",\",0.969"));
    QCOMPARE(lines[2], QStringLiteral("2,▁there,0.029"));
    // Commas and quotes inside a piece are quoted per RFC 4180.
    QCOMPARE(lines[3], QStringLiteral("3,\"a,\"\"b\"\"\",0.0003"));
}

QTEST_MAIN(TestNextTokenView)
#include "test_next_token_view.moc"
