#pragma once
// A colour map that stays fast for the big maps of the workbench (a 4,096 x 4,096 attention
// pattern, 33 streams x 4,096 tokens, 11,008 neurons x 4,096 singular indices): it never holds
// more cells than the screen shows. Maps of up to kExactCells cells are drawn cell for cell, at
// once; larger ones are binned to the pixels of the visible window, each screen cell the mean of
// the finite cells it covers, off the GUI thread (QtConcurrent). Zooming or resizing asks for a
// new binning; the newest request wins, older ones are abandoned mid-way, and the old picture
// stays, stretched, until the new one arrives (as in Qt's Mandelbrot example).
//
// The matrix is shared with the figure it comes from (an aliasing shared_ptr), never copied. The
// colour range is that of the whole matrix, so colours do not shift while scrolling.
#include <QObject>
#include <QPointer>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QCPColorMap;
class QCPColorMapData;

namespace spectro::widgets {

// A row-major [rows, columns] matrix of float or double; cell (r, c) is drawn at key c, value r.
struct MatrixSource {
    int rows = 0, columns = 0;
    std::shared_ptr<const float> floats;
    std::shared_ptr<const double> doubles;

    template <class Owner>
    static MatrixSource of(const std::shared_ptr<Owner>& owner, const std::vector<float>& values, int rows, int columns)
    {
        MatrixSource m;
        m.rows = rows;
        m.columns = columns;
        if (values.size() >= static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns))
            m.floats = std::shared_ptr<const float>(owner, values.data());
        else
            m.rows = m.columns = 0;
        return m;
    }
    template <class Owner>
    static MatrixSource of(const std::shared_ptr<Owner>& owner, const std::vector<double>& values, int rows,
                           int columns)
    {
        MatrixSource m;
        m.rows = rows;
        m.columns = columns;
        if (values.size() >= static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns))
            m.doubles = std::shared_ptr<const double>(owner, values.data());
        else
            m.rows = m.columns = 0;
        return m;
    }
    // A matrix the source owns (values moved in).
    static MatrixSource owning(std::vector<double> values, int rows, int columns);

    bool empty() const { return rows <= 0 || columns <= 0 || (!floats && !doubles); }
    std::size_t cells() const { return static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns); }
    double at(int row, int column) const
    {
        const std::size_t i = static_cast<std::size_t>(row) * static_cast<std::size_t>(columns) + column;
        return floats ? static_cast<double>(floats.get()[i]) : doubles.get()[i];
    }
};

// Rows [row0, row1) and columns [column0, column1) of the matrix, into binRows x binColumns cells.
struct BinWindow {
    int row0 = 0, row1 = 0, column0 = 0, column1 = 0;
    int binRows = 0, binColumns = 0;
    bool operator==(const BinWindow&) const = default;
};

// The binned cells as QCPColorMapData (key = column, value = row, each bin centred on the cells it
// covers); bin b of n source cells into m bins covers [floor(b n / m), floor((b+1) n / m)).
// Returns nullptr when `abort` says the request is stale. Thread-safe (plain data).
std::unique_ptr<QCPColorMapData> binMatrix(const MatrixSource& source, const BinWindow& window,
                                           const std::function<bool()>& abort = {});
// Min and max of the finite cells (0, 1 when there are none).
std::pair<double, double> finiteRange(const MatrixSource& source);

class BinnedColorMap : public QObject {
    Q_OBJECT
public:
    static constexpr std::size_t kExactCells = std::size_t(1) << 18;

    explicit BinnedColorMap(QCPColorMap* map);
    ~BinnedColorMap() override;

    // Shows `source`; `range` fixes the colour range (lower >= upper: the matrix's own range).
    void setMatrix(MatrixSource source, double rangeLower = 0, double rangeUpper = 0);
    const MatrixSource& matrix() const { return source_; }
    // Whether the map shows every cell as it is (small maps), or bins.
    bool exact() const { return source_.cells() <= kExactCells; }
    // Asks for a binning of the visible window at the plot's current size (the map's axes call it
    // when their range changes; views call it after a resize).
    void refresh();
    bool pending() const { return pending_; }
    const BinWindow& shownWindow() const { return shown_; }
    QCPColorMap* colorMap() const { return map_; }

Q_SIGNALS:
    // New cells are in the map (the view replots).
    void binned();

private:
    BinWindow visibleWindow() const;
    void applyRange();

    QCPColorMap* map_; // owned by the plot, which owns this object too
    MatrixSource source_;
    double rangeLower_ = 0, rangeUpper_ = 1;
    bool ownRange_ = true, haveRange_ = false;
    std::shared_ptr<std::atomic<int>> generation_;
    BinWindow requested_, shown_;
    bool pending_ = false;
};

} // namespace spectro::widgets
