#pragma once
// Shared helpers for the test suite: where the shared models live, and a skip when they are absent.
#include <QDir>
#include <QFile>
#include <QString>
#include <QTest>
#include <string>

namespace spectro::test {

inline std::string sharedPath(const std::string& relative)
{
    return QDir::cleanPath(QString::fromUtf8(SPECTRO_SHARED_DIR) + "/" + QString::fromStdString(relative)).toStdString();
}

inline std::string modelPath(const std::string& relative) { return sharedPath("models/" + relative); }

inline bool sharedAvailable() { return QFile::exists(QString::fromStdString(modelPath("stories260K/stories260K.bin"))); }

// Copies `from` to `to` and returns the bytes, for tests that corrupt a copy.
inline QByteArray readAll(const std::string& path)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

inline void writeAll(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

}  // namespace spectro::test

#define SPECTRO_REQUIRE_SHARED()                                                                 \
    do {                                                                                         \
        if (!spectro::test::sharedAvailable())                                                   \
            QSKIP("../shared/models is absent: the shared test models are needed for this test"); \
    } while (0)

// QVERIFY_THROWS_EXCEPTION does not check the message; this one checks a substring of it.
#define SPECTRO_VERIFY_ERROR(expression, needle)                                                          \
    do {                                                                                                  \
        bool thrown_ = false;                                                                             \
        try {                                                                                             \
            expression;                                                                                   \
        } catch (const std::exception& e_) {                                                              \
            thrown_ = true;                                                                               \
            const std::string message_ = e_.what();                                                       \
            if (message_.find(needle) == std::string::npos)                                               \
                QFAIL(qPrintable(QString("error message '%1' lacks '%2'").arg(message_.c_str(), needle))); \
            if (message_.find('\n') != std::string::npos)                                                 \
                QFAIL(qPrintable(QString("error message is not one line: %1").arg(message_.c_str())));    \
        }                                                                                                 \
        if (!thrown_) QFAIL("expected an error from " #expression);                                      \
    } while (0)
