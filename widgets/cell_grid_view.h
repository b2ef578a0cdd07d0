#pragma once
// A FigureView whose figure is drawn as one grid of cells (a CellMap): the layer x head grids of
// the sink views, the stream x rank grid of the massive activations, the attention pattern, the
// spectrogram and the aptitude map. What the pointer does there is the same in all of them, so it
// lives here once: hovering a cell marks it, writes the view's read-out of the cell and previews
// the selection the cell stands for; a click locks that selection; leaving the plot clears the
// hover mark; nothing happens outside the grid. Each view says only what a cell means
// (cellReadout, cellSelection) and draws its own selection markers.
#include "cell_map.h"
#include "cell_marks.h"
#include "figure_view_of.h"

#include <QPointF>
#include <memory>

namespace spectro::widgets {

template <class Figure> class CellGridViewOf : public FigureViewOf<Figure> {
public:
    using FigureViewOf<Figure>::FigureViewOf;
    const CellMap& cells() const { return *cells_; }

protected:
    // The read-out line of the cell (row, column) of the grid (both in range).
    virtual QString cellReadout(int row, int column) const = 0;
    // The selection a hover previews and a click locks: `from` (the session's selection) with
    // what the cell (row, column) stands for.
    virtual workbench::Selection cellSelection(workbench::Selection from, int row, int column) const = 0;

    void hoverAt(const QPointF& pixel) override
    {
        const auto [row, column] = cells_->cellAt(pixel);
        cells_->hoverCell(row, column);
        this->replotMarkers();
        if (row < 0) return;
        this->setReadout(cellReadout(row, column));
        this->preview(cellSelection(this->selection(), row, column));
    }

    void hoverLeft() override
    {
        cells_->hoverCell(-1, -1);
        this->replotMarkers();
    }

    void clickAt(const QPointF& pixel) override
    {
        const auto [row, column] = cells_->cellAt(pixel);
        if (row < 0) return;
        this->lock(cellSelection(this->selection(), row, column));
    }

    // Made by the view's constructor, on its axes and colour scale.
    std::unique_ptr<CellMap> cells_;
};

// A layer x head grid (the sink grid, the sink rate): a cell stands for its layer and head, and
// the arrow keys step through them (cell_marks.h). Figure has `layers` and `heads`.
template <class Figure> class LayerHeadGridViewOf : public CellGridViewOf<Figure> {
public:
    using CellGridViewOf<Figure>::CellGridViewOf;

protected:
    workbench::Selection cellSelection(workbench::Selection from, int layer, int head) const override
    {
        from.layer = layer;
        from.head = head;
        return from;
    }
    workbench::Selection keyStep(const workbench::Selection& from, int key) const override
    {
        const Figure* f = this->figure();
        return f ? stepLayerHead(from, key, f->layers, f->heads) : from;
    }
};

} // namespace spectro::widgets
