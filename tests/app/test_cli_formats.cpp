// spectroscope-cli on the folders transformers 5 writes (tests/fixtures/hf): the issue's first
// question, whether the numbers can be trusted, asked as a new user would: info says which RoPE
// the model has and where each value came from, generate continues as transformers does, a run's
// cache records the RoPE, and what cannot be run is refused in one line that names the field.
#include "cli_support.h"
#include "core/hf_fixture.h"
#include "store/cache_reader.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace spectro;
using spectro::test::cli;
using spectro::test::HfFixture;

namespace {

QJsonObject info(const std::string& folder)
{
    const auto r = cli({"info", QString::fromStdString(folder)});
    if (r.code != 0) qWarning("%s", qPrintable(r.err));
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

QString copyOf(const HfFixture& f, const QTemporaryDir& tmp, bool tokenizer)
{
    return QString::fromStdString(f.copyTo(tmp.path(), tokenizer));
}

} // namespace

class TestCliFormats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void infoSaysWhereRopeCameFrom()
    {
        QJsonObject j = info(HfFixture::load("rope_parameters").folder);
        QCOMPARE(j["rope_theta"].toDouble(), 500000.0);
        QCOMPARE(j["sources"].toObject()["rope_theta"].toString(), QString("rope_parameters"));
        QVERIFY(j["rope_scaling"].isNull());
        j = info(HfFixture::load("legacy_codellama").folder);
        QCOMPARE(j["rope_theta"].toDouble(), 1000000.0);
        QCOMPARE(j["sources"].toObject()["rope_theta"].toString(), QString("rope_theta"));
        QCOMPARE(j["n_kv_heads"].toInt(), 4);
        j = info(HfFixture::load("llama3").folder);
        QCOMPARE(j["rope_scaling"].toObject()["type"].toString(), QString("llama3"));
        QCOMPARE(j["rope_scaling"].toObject()["factor"].toDouble(), 8.0);
        j = info(HfFixture::load("mistral_head_dim").folder);
        QCOMPARE(j["head_dim"].toInt(), 16);
        QCOMPARE(j["sliding_window"].toInt(), 4096);
        j = info(HfFixture::load("linear").folder);
        QCOMPARE(j["add_bos"].toBool(), false);
    }

    void generateContinuesAsTransformers()
    {
        SPECTRO_REQUIRE_SHARED();
        QTemporaryDir tmp;
        for (const char* name : {"rope_parameters", "llama3", "linear"}) {
            const HfFixture f = HfFixture::load(name);
            const auto r = cli({"generate", copyOf(f, tmp, true), "--prompt",
                                QString::fromStdString(f.manifest["text"]), "--steps", "8", "--ids"});
            QCOMPARE(r.code, 0);
            QStringList want;
            for (int id : f.manifest["greedy_continuation"]) want << QString::number(id);
            QCOMPARE(r.out.trimmed(), want.join(' '));
        }
    }

    void cacheRecordsTheRope()
    {
        SPECTRO_REQUIRE_SHARED();
        QTemporaryDir tmp;
        const HfFixture f = HfFixture::load("linear");
        const QString out = tmp.filePath("c.h5");
        const auto r = cli({"run", copyOf(f, tmp, true), "--prompt", QString::fromStdString(f.manifest["text"]),
                            "--taps", "resid", "--out", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const CacheReader cache(out.toStdString());
        QCOMPARE(cache.config().rope.type, RopeType::Linear);
        QCOMPARE(cache.config().rope.factor, 2.0);
        QCOMPARE(cache.config().sources.at("rope_theta"), std::string("rope_parameters"));
        QCOMPARE(cache.tokens(0), f.ids()); // add_bos_token false: no BoS, as transformers
        // Windows of a text file start as the model's sequences do: here without BoS.
        const QString text = tmp.filePath("t.txt"), windows = tmp.filePath("w.h5");
        test::writeAll(text, QByteArray::fromStdString(f.manifest["text"].get<std::string>()));
        QTemporaryDir other;
        const auto w = cli({"run", copyOf(f, other, true), "--text", text, "--max-tokens", "8", "--samples", "2",
                            "--taps", "resid", "--out", windows});
        QVERIFY2(w.code == 0, qPrintable(w.err));
        const CacheReader windowed(windows.toStdString());
        const std::vector<int> ids = f.ids();
        QCOMPARE(windowed.tokens(0), std::vector<int>(ids.begin(), ids.begin() + 8));
        QCOMPARE(windowed.tokens(1), std::vector<int>(ids.begin() + 8, ids.begin() + 16));
    }

    void refusalsNameTheFileAndField()
    {
        QTemporaryDir tmp;
        const QString dir = copyOf(HfFixture::load("rope_parameters"), tmp, false);
        HfFixture::editConfig(dir.toStdString(), [](nlohmann::json& c) { c["rope_parameters"]["rope_type"] = "yarn"; });
        test::expectFailure({"info", dir}, "config.json: field 'rope_parameters.rope_type' is \"yarn\"");

        const QString llama3Style = copyOf(HfFixture::load("llama3"), tmp, false);
        test::writeAll(llama3Style + "/tokenizer.json", R"({"model": {"type": "BPE"}})");
        test::expectFailure({"tokenize", llama3Style, "hello"}, "tokenizer.model is missing");
        QVERIFY(info(llama3Style.toStdString())["tokenizer_missing"].toString().contains("tokenizer.json"));
    }
};

QTEST_GUILESS_MAIN(TestCliFormats)
#include "test_cli_formats.moc"
