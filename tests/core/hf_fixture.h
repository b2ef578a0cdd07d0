#pragma once
// The transformers reference fixtures of tests/fixtures/hf, written by make_hf_fixtures.py: per
// variant NAME a model folder, a manifest NAME.reference.json (ids, greedy continuation, what the
// config means, inverse frequencies, array shapes and offsets) and NAME.reference.bin (the
// arrays, raw little-endian float32).
#include "test_support.h"

#include <QDir>
#include <QTest>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace spectro::test {

inline std::string fixturePath(const std::string& relative)
{
    return QDir::cleanPath(QString::fromUtf8(SPECTRO_FIXTURES_DIR) + "/" + QString::fromStdString(relative))
        .toStdString();
}

struct ReferenceArray {
    std::vector<std::int64_t> shape;
    std::vector<float> values;
};

struct HfFixture {
    std::string name;
    std::string folder; // the model folder
    nlohmann::json manifest;
    std::map<std::string, ReferenceArray> arrays;

    std::vector<int> ids() const { return manifest.at("ids").get<std::vector<int>>(); }

    // A copy of the folder in `dir`, named after the variant, with ../shared's tok512.model as its
    // tokenizer.model when `withTokenizer` (the fixtures leave it out: it is not ours to commit).
    std::string copyTo(const QString& dir, bool withTokenizer = false) const
    {
        namespace fs = std::filesystem;
        const fs::path copy = fs::path(dir.toStdString()) / name;
        fs::copy(folder, copy, fs::copy_options::recursive);
        if (withTokenizer) fs::copy_file(modelPath("stories260K/tok512.model"), copy / "tokenizer.model");
        return copy.string();
    }

    // Rewrites `modelFolder`/config.json through `edit`.
    static void editConfig(const std::string& modelFolder, const std::function<void(nlohmann::json&)>& edit)
    {
        const std::string path = modelFolder + "/config.json";
        auto config = nlohmann::json::parse(readAll(path).toStdString());
        edit(config);
        writeAll(QString::fromStdString(path), QByteArray::fromStdString(config.dump()));
    }
    const ReferenceArray& array(const std::string& key) const { return arrays.at(key); }

    static HfFixture load(const std::string& name)
    {
        HfFixture f;
        f.name = name;
        f.folder = fixturePath("hf/" + name);
        f.manifest = nlohmann::json::parse(readAll(fixturePath("hf/" + name + ".reference.json")).toStdString());
        const QByteArray blob = readAll(fixturePath("hf/" + name + ".reference.bin"));
        for (const auto& [key, info] : f.manifest.at("arrays").items()) {
            ReferenceArray a;
            a.shape = info.at("shape").get<std::vector<std::int64_t>>();
            std::int64_t n = 1;
            for (auto s : a.shape) n *= s;
            const auto offset = info.at("offset").get<std::int64_t>();
            if ((offset + n) * 4 > blob.size())
                throw std::runtime_error(name + ".reference.bin is too short for " + key);
            a.values.resize(static_cast<std::size_t>(n));
            std::memcpy(a.values.data(), blob.constData() + offset * 4, static_cast<std::size_t>(n) * 4);
            f.arrays[key] = std::move(a);
        }
        return f;
    }
};

// Every variant there is, from the manifests on disk.
inline std::vector<std::string> hfFixtureNames()
{
    std::vector<std::string> names;
    const QDir dir(QString::fromStdString(fixturePath("hf")));
    for (const QString& file : dir.entryList({"*.reference.json"}, QDir::Files, QDir::Name)) {
        names.push_back(file.chopped(static_cast<int>(std::strlen(".reference.json"))).toStdString());
    }
    return names;
}

// max |a - b| over max |b|: the error relative to the reference's range, the measure the issue's
// tolerances are stated in. Infinite when the sizes differ.
inline double errorOverRange(const float* a, std::size_t n, const std::vector<float>& b)
{
    if (n != b.size()) return INFINITY;
    double worst = 0, range = 0;
    for (std::size_t i = 0; i < n; ++i) {
        worst = std::max(worst, std::abs(double(a[i]) - double(b[i])));
        range = std::max(range, std::abs(double(b[i])));
    }
    return range > 0 ? worst / range : worst;
}

} // namespace spectro::test
