#include "binned_color_map.h"

#include "qcustomplot_include.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>

namespace spectro::widgets {

namespace {

// QCPColorMapData centres its first and last cells on the ends of its range, so one cell would
// have no extent: a dimension of one cell is stored as two equal cells a quarter apart, which
// draws as one cell of full width.
struct Axis1D {
    int size = 0;
    double lower = 0, upper = 0;
};

Axis1D binAxis(int first, int count, int bins)
{
    const double width = static_cast<double>(count) / bins; // source cells per bin
    if (bins == 1) {
        const double centre = first - 0.5 + 0.5 * count;
        const double quarter = 0.25 * count;
        return {2, centre - quarter, centre + quarter};
    }
    return {bins, first - 0.5 + 0.5 * width, first - 0.5 + (bins - 0.5) * width};
}

} // namespace

MatrixSource MatrixSource::owning(std::vector<double> values, int rows, int columns)
{
    auto owner = std::make_shared<const std::vector<double>>(std::move(values));
    return of(owner, *owner, rows, columns);
}

std::unique_ptr<QCPColorMapData> binMatrix(const MatrixSource& source, const BinWindow& window,
                                           const std::function<bool()>& abort)
{
    const int height = window.row1 - window.row0, width = window.column1 - window.column0;
    if (source.empty() || height <= 0 || width <= 0) return nullptr;
    const int binRows = std::clamp(window.binRows, 1, height);
    const int binColumns = std::clamp(window.binColumns, 1, width);

    std::vector<int> columnBin(static_cast<std::size_t>(width));
    for (int c = 0; c < width; ++c) {
        columnBin[static_cast<std::size_t>(c)] =
            static_cast<int>(static_cast<long long>(c) * binColumns / width);
    }
    const std::size_t binCount = static_cast<std::size_t>(binRows) * static_cast<std::size_t>(binColumns);
    std::vector<double> sum(binCount, 0.0);
    std::vector<int> count(binCount, 0);
    for (int r = 0; r < height; ++r) {
        if (abort && r % 32 == 0 && abort()) return nullptr;
        const std::size_t rowBase =
            static_cast<std::size_t>(static_cast<long long>(r) * binRows / height) * binColumns;
        const int row = window.row0 + r;
        for (int c = 0; c < width; ++c) {
            const double v = source.at(row, window.column0 + c);
            if (!std::isfinite(v)) continue;
            const std::size_t bin = rowBase + static_cast<std::size_t>(columnBin[static_cast<std::size_t>(c)]);
            sum[bin] += v;
            ++count[bin];
        }
    }
    const Axis1D keys = binAxis(window.column0, width, binColumns);
    const Axis1D values = binAxis(window.row0, height, binRows);
    auto data = std::make_unique<QCPColorMapData>(keys.size, values.size, QCPRange(keys.lower, keys.upper),
                                                  QCPRange(values.lower, values.upper));
    for (int br = 0; br < values.size; ++br) {
        for (int bc = 0; bc < keys.size; ++bc) {
            const std::size_t bin = static_cast<std::size_t>(std::min(br, binRows - 1)) * binColumns +
                                    static_cast<std::size_t>(std::min(bc, binColumns - 1));
            data->setCell(bc, br, count[bin] > 0 ? sum[bin] / count[bin] : std::nan(""));
        }
    }
    return data;
}

std::pair<double, double> finiteRange(const MatrixSource& source)
{
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int r = 0; r < source.rows; ++r) {
        for (int c = 0; c < source.columns; ++c) {
            const double v = source.at(r, c);
            if (!std::isfinite(v)) continue;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    if (!(lo <= hi)) return {0.0, 1.0};
    if (lo == hi) return {lo - 0.5, hi + 0.5};
    return {lo, hi};
}

BinnedColorMap::BinnedColorMap(QCPColorMap* map)
    : QObject(map), map_(map), generation_(std::make_shared<std::atomic<int>>(0))
{
    map_->setInterpolate(false);
    auto onRange = [this] {
        if (!exact()) refresh();
    };
    connect(map_->keyAxis(), qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, onRange);
    connect(map_->valueAxis(), qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, onRange);
}

BinnedColorMap::~BinnedColorMap()
{
    // Running binnings see the new generation and stop; their results are never delivered.
    generation_->fetch_add(1);
}

void BinnedColorMap::setMatrix(MatrixSource source, double rangeLower, double rangeUpper)
{
    source_ = std::move(source);
    ownRange_ = !(rangeLower < rangeUpper);
    haveRange_ = !ownRange_;
    rangeLower_ = rangeLower;
    rangeUpper_ = rangeUpper;
    requested_ = shown_ = BinWindow{};
    if (source_.empty()) {
        generation_->fetch_add(1);
        pending_ = false;
        map_->data()->clear();
        return;
    }
    if (exact()) {
        // Small maps: every cell as it is, now.
        generation_->fetch_add(1);
        pending_ = false;
        const BinWindow all{0, source_.rows, 0, source_.columns, source_.rows, source_.columns};
        map_->setData(binMatrix(source_, all).release(), false);
        if (ownRange_) {
            const auto [lo, hi] = finiteRange(source_);
            rangeLower_ = lo;
            rangeUpper_ = hi;
            haveRange_ = true;
        }
        shown_ = requested_ = all;
        applyRange();
        Q_EMIT binned();
        return;
    }
    refresh();
}

BinWindow BinnedColorMap::visibleWindow() const
{
    const QCPRange keys = map_->keyAxis()->range(), values = map_->valueAxis()->range();
    auto span = [](const QCPRange& r, int n, int& first, int& last) {
        first = std::clamp(static_cast<int>(std::floor(r.lower + 0.5)), 0, n);
        last = std::clamp(static_cast<int>(std::ceil(r.upper + 0.5)), 0, n);
        if (last <= first) {
            first = 0;
            last = n;
        }
    };
    BinWindow w;
    span(keys, source_.columns, w.column0, w.column1);
    span(values, source_.rows, w.row0, w.row1);
    const QRect rect = map_->keyAxis()->axisRect()->rect();
    const bool horizontal = map_->keyAxis()->orientation() == Qt::Horizontal;
    const int keyPixels = std::max(1, horizontal ? rect.width() : rect.height());
    const int valuePixels = std::max(1, horizontal ? rect.height() : rect.width());
    w.binColumns = std::min(w.column1 - w.column0, keyPixels);
    w.binRows = std::min(w.row1 - w.row0, valuePixels);
    return w;
}

void BinnedColorMap::refresh()
{
    if (source_.empty() || exact()) return;
    const BinWindow window = visibleWindow();
    if (window == requested_) return;
    requested_ = window;
    const int generation = generation_->fetch_add(1) + 1;
    pending_ = true;
    auto counter = generation_;
    MatrixSource source = source_;
    const bool needRange = !haveRange_;
    // The worker owns copies of everything it reads (the matrix through its shared owner); only
    // the generation counter is shared, and a newer request makes it stop. The result comes back
    // through a watcher owned by this map, so nothing is delivered once the map is gone.
    struct Result {
        std::unique_ptr<QCPColorMapData> data;
        std::pair<double, double> range{0.0, 0.0};
    };
    auto* watcher = new QFutureWatcher<std::shared_ptr<Result>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, window, generation, needRange] {
        watcher->deleteLater();
        const std::shared_ptr<Result> result = watcher->result();
        if (generation_->load() != generation || !result || !result->data || !map_) return;
        map_->setData(result->data.release(), false);
        if (needRange && ownRange_) {
            rangeLower_ = result->range.first;
            rangeUpper_ = result->range.second;
            haveRange_ = true;
        }
        shown_ = window;
        pending_ = false;
        applyRange();
        Q_EMIT binned();
    });
    watcher->setFuture(QtConcurrent::run([source, window, generation, counter, needRange] {
        auto stale = [&] { return counter->load() != generation; };
        auto result = std::make_shared<Result>();
        result->data = binMatrix(source, window, stale);
        if (result->data && needRange && !stale()) result->range = finiteRange(source);
        return result;
    }));
}

void BinnedColorMap::applyRange()
{
    if (haveRange_) map_->setDataRange(QCPRange(rangeLower_, rangeUpper_));
}

} // namespace spectro::widgets
