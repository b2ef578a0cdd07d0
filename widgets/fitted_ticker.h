#pragma once
// Tick labels that fit the axis at the size it is drawn, so that they never overlap: a docked view
// can be small, and a one-column figure (8.5 cm) has small panels.
//  - FittedTextTicker: text labels at given positions (band numbers, "20 dark"), every k-th for the
//    smallest k that fits, and the one label that must stay (the dark band) always;
//  - FittedNumberTicker: a linear axis with as many round ticks as fit (at least the two ends);
//  - FittedLogTicker: a logarithmic axis labelled across the whole range: 1, 2, 5 in each decade
//    when they fit (a range of a decade or two, such as singular values 2..50, would otherwise
//    show one or two labels), else 1 and 3, else powers of ten, every k-th decade where needed.
#include "qcustomplot_include.h"

#include <utility>
#include <vector>

namespace spectro::widgets {

// What refitAfterLayout asks of every fitted ticker.
class FittedTicks {
public:
    virtual ~FittedTicks() = default;
    // Whether the axis has another length than the ticks were last fitted for (the first layout
    // at a new size fits with the old one).
    virtual bool stale() const = 0;
};

class FittedTextTicker : public QCPAxisTicker, public FittedTicks {
public:
    explicit FittedTextTicker(const QCPAxis* axis) : axis_(axis) {}
    // Positions ascending; `keep` indexes the label always shown (-1: none).
    void setLabels(std::vector<std::pair<double, QString>> labels, int keep = -1);
    const std::vector<std::pair<double, QString>>& labels() const { return labels_; }
    bool stale() const override;
    // Sets `labels` on `axis` through a FittedTextTicker, and replots once more after a layout
    // that changed the axis's length, so the labels shown are thinned for the size on screen.
    static QSharedPointer<FittedTextTicker> install(QCPAxis* axis, std::vector<std::pair<double, QString>> labels,
                                                    int keep);
    // The labels the last tick generation showed (for tests).
    const std::vector<double>& shownPositions() const { return shown_; }

protected:
    double getTickStep(const QCPRange& range) override;
    int getSubTickCount(double tickStep) override;
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override;
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) override;

private:
    const QCPAxis* axis_;
    std::vector<std::pair<double, QString>> labels_;
    int keep_ = -1;
    int every_ = 1;
    double length_ = -1;
    std::vector<double> shown_;
};

// The pixels one tick label needs along `axis` (its line height on a vertical axis, the width of
// the widest of `samples` plus a gap on a horizontal one), and the axis's length in pixels.
double tickLabelExtent(const QCPAxis* axis, const QStringList& samples);
double axisLength(const QCPAxis* axis);
// Replots once more after a layout that changed the length of `axis` while it has a fitted ticker,
// so that the ticks shown are fitted to the size on screen, not the one before (idempotent).
void refitAfterLayout(QCPAxis* axis);

class FittedNumberTicker : public QCPAxisTicker, public FittedTicks {
public:
    explicit FittedNumberTicker(const QCPAxis* axis) : axis_(axis) {}
    // The most ticks wanted where there is room (QCustomPlot's approximate tick count).
    void setMostTicks(int most) { most_ = most; }
    // Whole-number steps of 1, 2, 5, 10, ... only: rows and columns of a grid (layers, heads,
    // streams), every one labelled where there is room.
    void setWholeSteps(bool whole) { whole_ = whole; }
    // A FittedNumberTicker on `axis` (and the replot after layout).
    static QSharedPointer<FittedNumberTicker> install(QCPAxis* axis, int mostTicks = 5);
    // One for the rows or columns of a grid: whole steps, each index labelled where it fits.
    static QSharedPointer<FittedNumberTicker> installForIndices(QCPAxis* axis);
    bool stale() const override { return axisLength(axis_) != length_; }

protected:
    double getTickStep(const QCPRange& range) override;

private:
    const QCPAxis* axis_;
    int most_ = 5;
    bool whole_ = false;
    double length_ = -1;
};

class FittedLogTicker : public QCPAxisTicker, public FittedTicks {
public:
    explicit FittedLogTicker(const QCPAxis* axis) : axis_(axis) {}
    static QSharedPointer<FittedLogTicker> install(QCPAxis* axis);
    bool stale() const override { return axisLength(axis_) != length_; }
    // The mantissas labelled in each decade ({1, 2, 5}, {1, 3} or {1}) and the decades between
    // labels (1 unless even {1} does not fit), as last fitted (for tests).
    const std::vector<double>& mantissas() const { return mantissas_; }
    int decadeStep() const { return decadeStep_; }

protected:
    double getTickStep(const QCPRange& range) override;
    int getSubTickCount(double tickStep) override;
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override;
    QVector<double> createSubTickVector(int subTickCount, const QVector<double>& ticks) override;

private:
    const QCPAxis* axis_;
    std::vector<double> mantissas_{1.0};
    int decadeStep_ = 1;
    double length_ = -1;
    QCPRange range_;
};

} // namespace spectro::widgets
