// .spectro session files (docs/session-format.md): everything round-trips; paths are stored
// absolute and relative to the session, so a moved folder still opens and a copied one opens its
// own cache; missing paths are reported, not fatal; files that are not sessions are refused with
// one line naming the file and the field; writes are atomic.
#include "test_support.h"
#include "workbench/session.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

using namespace spectro::workbench;
namespace fs = std::filesystem;

namespace {

void touch(const std::string& path)
{
    fs::create_directories(fs::path(path).parent_path());
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("x");
}

void write(const std::string& path, const std::string& text)
{
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.data(), static_cast<qint64>(text.size()));
}

std::string read(const std::string& path)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll().toStdString();
}

Session fullSession(const std::string& folder)
{
    Session s;
    s.modelPath = folder + "/models/demo";
    s.cachePath = folder + "/runs/stories.h5";
    s.corpus = {folder + "/corpora/stories.jsonl", "text", 12, 256};
    s.selection = {3, 17, 2, 5, 20, "embed", true};
    s.windowLayout = "AAAA/wAAAAD9AAAAAgAAAAAAAAE=";
    s.openViews = {"spectrum", "attention_received", "dark_ratio"};
    s.viewSettings = {{"spectrogram", "{\"fraction\":true,\"axis\":\"token\"}"}, {"dark_ratio", "{}"}};
    return s;
}

} // namespace

class TestSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripsEverything()
    {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        const Session s = fullSession(folder);
        touch(s.modelPath + "/config.json");
        touch(s.cachePath);
        touch(s.corpus.path);
        const std::string path = folder + "/work.spectro";
        saveSession(s, path);
        QCOMPARE(QDir(dir.path()).entryList({"*tmp*"}, QDir::Files), QStringList{}); // atomic: no temporary left
        const SessionFile loaded = loadSession(path);
        QVERIFY(loaded.missing.empty());
        const Session& l = loaded.session;
        QCOMPARE(l.modelPath, s.modelPath);
        QCOMPARE(l.cachePath, s.cachePath);
        QCOMPARE(l.corpus.path, s.corpus.path);
        QCOMPARE(l.corpus.jsonlField, s.corpus.jsonlField);
        QCOMPARE(l.corpus.samples, 12);
        QCOMPARE(l.corpus.maxTokens, 256);
        QVERIFY(l.selection == s.selection);
        QCOMPARE(l.windowLayout, s.windowLayout);
        QCOMPARE(l.openViews, s.openViews);
        QCOMPARE(l.viewSettings.size(), std::size_t{2});
        QVERIFY(nlohmann::json::parse(l.viewSettings.at("spectrogram")) ==
                nlohmann::json::parse(s.viewSettings.at("spectrogram")));
        // The file is plain, readable JSON with the documented keys.
        const auto json = nlohmann::json::parse(read(path));
        QCOMPARE(json.at("format").get<std::string>(), std::string("spectroscope-session"));
        QCOMPARE(json.at("format_version").get<int>(), 1);
        QCOMPARE(json.at("cache").at("relative").get<std::string>(), std::string("runs/stories.h5"));
        QCOMPARE(json.at("view_settings").at("spectrogram").at("fraction").get<bool>(), true);
    }

    void cacheOnlySessionAndDefaults()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("s.spectro").toStdString();
        Session s;
        s.cachePath = dir.filePath("c.h5").toStdString();
        touch(s.cachePath);
        saveSession(s, path);
        const SessionFile l = loadSession(path);
        QVERIFY(l.missing.empty());
        QVERIFY(l.session.modelPath.empty());
        QVERIFY(l.session.corpus.path.empty());
        QVERIFY(l.session.selection == Selection{});
        // A minimal hand-written session takes the defaults for everything else.
        write(path, "{\"format\": \"spectroscope-session\", \"format_version\": 1}");
        const SessionFile minimal = loadSession(path);
        QVERIFY(minimal.session.cachePath.empty());
        QCOMPARE(minimal.session.corpus.samples, 8);
        QVERIFY(minimal.session.selection == Selection{});
    }

    void movedFolderOpensAndMissingPathsAreReported()
    {
        QTemporaryDir dir;
        const std::string project = dir.filePath("project").toStdString();
        const std::string outside = dir.filePath("elsewhere/model.bin").toStdString();
        Session s;
        s.cachePath = project + "/cache.h5";
        s.modelPath = outside;
        s.corpus.path = project + "/data/text.txt";
        touch(s.cachePath);
        touch(s.corpus.path);
        touch(outside);
        saveSession(s, project + "/s.spectro");
        // The model lies outside the session's folder: stored absolute only.
        const auto json = nlohmann::json::parse(read(project + "/s.spectro"));
        QVERIFY(!json.at("model").contains("relative"));

        // Move the project folder: cache and corpus follow through their relative paths.
        const std::string moved = dir.filePath("moved").toStdString();
        fs::rename(project, moved);
        SessionFile l = loadSession(moved + "/s.spectro");
        QCOMPARE(l.session.cachePath, moved + "/cache.h5");
        QCOMPARE(l.session.corpus.path, moved + "/data/text.txt");
        QCOMPARE(l.session.modelPath, outside);
        QVERIFY(l.missing.empty());

        // The model is gone: reported, the rest still loads; its old path is kept to show.
        fs::remove(outside);
        fs::remove(moved + "/cache.h5");
        l = loadSession(moved + "/s.spectro");
        QCOMPARE(l.missing, (std::vector<std::string>{"model", "cache"}));
        QCOMPARE(l.session.modelPath, outside);
        QCOMPARE(l.session.cachePath, project + "/cache.h5"); // absolute, as saved
    }

    void copiedFolderOpensItsOwnCache()
    {
        QTemporaryDir dir;
        const std::string a = dir.filePath("a").toStdString(), b = dir.filePath("b").toStdString();
        Session s;
        s.cachePath = a + "/c.h5";
        touch(s.cachePath);
        saveSession(s, a + "/s.spectro");
        fs::copy(a, b, fs::copy_options::recursive);
        // Both copies exist; the copied session means the copied cache.
        QCOMPARE(loadSession(b + "/s.spectro").session.cachePath, b + "/c.h5");
        QCOMPARE(loadSession(a + "/s.spectro").session.cachePath, a + "/c.h5");
    }

    void relativePathsGivenAreMadeAbsolute()
    {
        QTemporaryDir dir;
        const auto previous = fs::current_path();
        fs::current_path(dir.path().toStdString());
        Session s;
        s.cachePath = "sub/../c.h5";
        touch(dir.filePath("c.h5").toStdString());
        saveSession(s, "s.spectro");
        const SessionFile l = loadSession(dir.filePath("s.spectro").toStdString());
        fs::current_path(previous);
        QCOMPARE(l.session.cachePath, (fs::path(dir.path().toStdString()) / "c.h5").string());
    }

    void refusesWhatIsNotASession()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.spectro").toStdString();
        const auto refuses = [&](const std::string& text, const char* needle) {
            write(path, text);
            SPECTRO_VERIFY_ERROR(loadSession(path), needle);
        };
        refuses("{\"format\": \"spectroscope-session\", ", "not valid JSON");
        refuses("[1, 2]", "the top level must be a JSON object");
        refuses("{\"format\": \"something-else\", \"format_version\": 1}", "not a Spectroscope session");
        refuses("{\"format\": \"spectroscope-session\", \"format_version\": 2}",
                "session format version 2 is not supported");
        refuses("{\"format\": \"spectroscope-session\"}", "session format version 0");
        refuses("{\"format\": \"spectroscope-session\", \"format_version\": \"1\"}",
                "field 'format_version' must be an integer");
        refuses("{\"format\": \"spectroscope-session\", \"format_version\": 1, \"selection\": {\"layer\": \"two\"}}",
                "field 'selection.layer' must be an integer");
        refuses("{\"format\": \"spectroscope-session\", \"format_version\": 1, \"selection\": {\"token\": -5}}",
                "field 'selection.token' is -5");
        refuses("{\"format\": \"spectroscope-session\", \"format_version\": 1, \"selection\": {\"matrix\": \"wq\"}}",
                "field 'selection.matrix' must be");
        refuses("{\"format\": \"spectroscope-session\", \"format_version\": 1, \"cache\": {\"path\": 7}}",
                "field 'cache.path' must be a string");
        refuses("{\"format\": \"spectroscope-session\", \"format_version\": 1, \"open_views\": [1]}",
                "field 'open_views'");
        refuses("{\"format\": \"spectroscope-session\", \"format_version\": 1, \"view_settings\": {\"x\": 3}}",
                "field 'view_settings.x' must be an object");
        // A name from the file is escaped: the message stays one line (found by fuzz_session).
        write(path, "{\"format\": \"spectroscope-session\", \"format_version\": 1, \"view_settings\": {\"a\\nb\": 3}}");
        try {
            loadSession(path);
            QFAIL("a view setting that is not an object was accepted");
        } catch (const std::exception& e) {
            const std::string message = e.what();
            QVERIFY2(message.find("field 'view_settings.a\\x0ab' must be an object") != std::string::npos, e.what());
            QVERIFY2(message.find('\n') == std::string::npos, e.what());
        }
        refuses("{\"format\": \"spectroscope-session\", \"format_version\": 1, \"selection\": {\"locked\": 1}}",
                "field 'selection.locked' must be true or false");
        refuses("{\"format\": \"spectroscope-session\", \"format_version\": 1, \"selection\": {\"sample\": "
                "18446744073709551615}}",
                "is 18446744073709551615; expected 0 to");
        refuses("{\"format\": \"spectroscope-session\", \"format_version\": 1, \"format_version\": 1}",
                "duplicate key 'format_version'");
        // Deeply nested input is refused before parsing, in a fraction of a second.
        refuses(std::string(100000, '[') + std::string(100000, ']'), "nested deeper than 64");
        // Brackets inside strings do not count.
        write(path, "{\"format\": \"spectroscope-session\", \"format_version\": 1, \"window_layout\": \"" +
                        std::string(200, '[') + "\"}");
        QCOMPARE(loadSession(path).session.windowLayout, std::string(200, '['));

        SPECTRO_VERIFY_ERROR(loadSession(dir.filePath("absent.spectro").toStdString()), "session file not found");
        SPECTRO_VERIFY_ERROR(loadSession(dir.path().toStdString()), "not a regular file");
        const std::string fifo = dir.filePath("fifo.spectro").toStdString();
        QCOMPARE(mkfifo(fifo.c_str(), 0600), 0);
        SPECTRO_VERIFY_ERROR(loadSession(fifo), "not a regular file"); // and does not block
        fs::resize_file(path, 17u << 20);
        SPECTRO_VERIFY_ERROR(loadSession(path), "at most 16 MiB");
    }

    void saveRefusesBadViewSettingsAndKeepsTheOldFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("s.spectro").toStdString();
        Session s;
        saveSession(s, path);
        const std::string before = read(path);
        s.viewSettings["spectrum"] = "[1, 2]";
        SPECTRO_VERIFY_ERROR(saveSession(s, path), "settings of view 'spectrum' are not a JSON object");
        s.viewSettings["spectrum"] = "{broken";
        SPECTRO_VERIFY_ERROR(saveSession(s, path), "settings of view 'spectrum'");
        QCOMPARE(read(path), before);
        SPECTRO_VERIFY_ERROR(saveSession(Session{}, dir.filePath("no/such/folder/s.spectro").toStdString()),
                             "no/such/folder");
    }
};

QTEST_APPLESS_MAIN(TestSession)
#include "test_session.moc"
