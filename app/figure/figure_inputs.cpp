#include "figure_inputs.h"

#include "corpus_jobs.h"
#include "engine_jobs.h"
#include "util/error.h"
#include "workbench_source.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

namespace spectro::figure {

namespace {

QJsonObject objectOf(const std::string& json, const std::string& what)
{
    if (json.empty()) return {};
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        throw Error(what + ": not a JSON object (" + error.errorString().toStdString() + "): " + json);
    }
    return doc.object();
}

void requireFile(const std::string& path, const std::string& what)
{
    if (!QFileInfo::exists(QString::fromStdString(path))) throw Error(path + ": no such " + what);
}

} // namespace

FigureInputs::FigureInputs(const FigureRequest& request) : overrides_(request.settingsJson)
{
    objectOf(overrides_, "--settings"); // reject a bad one before any work
    if (!request.sessionPath.empty()) {
        requireFile(request.sessionPath, "session file");
        session_ = workbench::loadSession(request.sessionPath).session;
        hasSession_ = true;
        selection_ = session_.selection;
    }
    std::string modelPath = request.modelPath.empty() ? session_.modelPath : request.modelPath;
    std::string cachePath = request.cachePath.empty() ? session_.cachePath : request.cachePath;
    if (!modelPath.empty()) {
        requireFile(modelPath, "model file");
        model_ = gui::loadModelJob(QString::fromStdString(modelPath), {});
    }
    if (!request.textPath.empty()) {
        requireFile(request.textPath, "text file");
        if (!model_) throw Error("--text " + request.textPath + ": running a text into a cache needs --model");
        if (cachePath.empty()) {
            scratch_ = std::make_unique<QTemporaryDir>();
            if (!scratch_->isValid()) throw Error("could not create a temporary folder for the --text run's cache");
            cachePath = scratch_->filePath(QStringLiteral("figure.h5")).toStdString();
        }
        gui::CorpusRunSettings run;
        run.corpusPath = QString::fromStdString(request.textPath);
        run.samples = 1;
        run.maxTokens = 128;
        run.cachePath = QString::fromStdString(cachePath);
        run.replace = true;
        std::fprintf(stderr, "figure: running %s into %s\n", request.textPath.c_str(), cachePath.c_str());
        gui::runCorpusJob(*model_, run, {});
    } else if (!cachePath.empty()) {
        requireFile(cachePath, "cache");
    }
    if (request.sample) selection_.sample = *request.sample;
    if (request.token) selection_.token = *request.token;
    if (request.layer) selection_.layer = *request.layer;
    if (request.head) selection_.head = *request.head;
    if (request.band) selection_.band = *request.band;
    if (request.matrix) selection_.matrix = *request.matrix;
    source_ = std::make_shared<const gui::WorkbenchSource>(cachePath, model_ ? model_->snapshot : nullptr);
}

FigureInputs::~FigureInputs() = default;

const gui::LoadedModel& FigureInputs::model(const std::string& what) const
{
    if (!model_) throw Error(what + " needs the model's weights: pass --model (or a session that names one)");
    return *model_;
}

QString FigureInputs::settingsOf(const QString& viewId) const
{
    QJsonObject settings;
    const auto stored = session_.viewSettings.find(viewId.toStdString());
    if (stored != session_.viewSettings.end())
        settings = objectOf(stored->second, "the session's settings of " + viewId.toStdString());
    const QJsonObject overrides = objectOf(overrides_, "--settings");
    for (auto it = overrides.begin(); it != overrides.end(); ++it) settings.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact));
}

} // namespace spectro::figure
