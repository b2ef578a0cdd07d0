#pragma once
// One bar per token on a token axis, the BoS bar (token 0) in its own colour, with the markers of
// the selected and the hovered token: the attention-received bars and the U-dark ratio bars.
// NaN values (the last token has no later query) get no bar.
#include <QString>
#include <vector>

class QCPAxisRect;
class QCPBars;
class QCPErrorBars;
class QCPItemRect;
class QCPLayer;
class QCustomPlot;

namespace spectro::widgets {

class TokenBars {
public:
    TokenBars(QCustomPlot* plot, QCPAxisRect* rect, QCPLayer* markerLayer);

    // values [T]; errors [T] or empty (whiskers of +- error).
    void setValues(const std::vector<double>& values, const std::vector<double>& errors = {});
    // Fits the value axis to the bars (from 0).
    void rescaleValues();
    void markSelected(int token);
    void markHovered(int token);

    QCPBars* bars() const { return bars_; }
    QCPBars* bosBar() const { return bos_; }
    QCPErrorBars* whiskers() const { return whiskers_; }
    QCPAxisRect* rect() const { return rect_; }

private:
    QCPAxisRect* rect_;
    QCPBars* bars_;
    QCPBars* bos_;
    QCPErrorBars* whiskers_;
    QCPItemRect* selected_;
    QCPItemRect* hovered_;
    double maximum_ = 1;
};

} // namespace spectro::widgets
