#pragma once
// Text labels at given axis positions (band numbers, "20 dark"), thinned when the axis is drawn
// so that they never overlap at the size it has then: every k-th label for the smallest k that
// fits, and the one label that must stay (the dark band) always. A docked view can be small.
#include "qcustomplot_include.h"

#include <utility>
#include <vector>

namespace spectro::widgets {

class FittedTextTicker : public QCPAxisTicker {
public:
    explicit FittedTextTicker(const QCPAxis* axis) : axis_(axis) {}
    // Positions ascending; `keep` indexes the label always shown (-1: none).
    void setLabels(std::vector<std::pair<double, QString>> labels, int keep = -1);
    const std::vector<std::pair<double, QString>>& labels() const { return labels_; }
    // Whether the axis has another length than the labels were last thinned for (the first layout
    // at a new size thins with the old one).
    bool stale() const;
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

} // namespace spectro::widgets
