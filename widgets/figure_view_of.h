#pragma once
// A FigureView for one kind of figure: holds the snapshot it draws, hands out its table for the
// CSV export and drops it on showMessage. Every workbench view derives from it.
#include "figure_view.h"
#include "figures/figure_data.h"

namespace spectro::widgets {

template <class Figure> class FigureViewOf : public FigureView {
public:
    using FigureView::FigureView;

    const Figure* figure() const { return figure_.get(); }
    figures::FigureTable table() const override { return figure_ ? figure_->table() : figures::FigureTable{}; }

protected:
    void resetFigure() override { figure_.reset(); }

    figures::FigurePtr<Figure> figure_;
};

} // namespace spectro::widgets
