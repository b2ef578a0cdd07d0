#pragma once
// The token axis of the token views (attention received, U-dark ratio, spectrogram by token,
// attention pattern): a sample of up to 4,096 tokens stays usable because the axis scrolls
// (drag, scroll bar, linked views) and zooms (wheel, +/-, 0 for all), and its labels adapt to the
// zoom: the token pieces, vertical, once a token is wide enough to carry one, positions
// otherwise. Coordinates are token indices; token t spans [t - 0.5, t + 0.5].
#include "figures/token_labels.h"

#include <QObject>
#include <QPointer>
#include <vector>

class QCustomPlot;
class QCPAxis;
class QCPRange;
class QScrollBar;
class QWidget;

namespace spectro::widgets {

class TokenTicker;

class TokenAxis : public QObject {
    Q_OBJECT
public:
    // The scroll bar is parented to `scrollBarParent` (the view puts it under its plot).
    TokenAxis(QCustomPlot* plot, QWidget* scrollBarParent);

    // An axis that shows token positions. All axes added move together; `labelled` axes carry
    // the tick labels (stacked panels label the bottom one). Axis rects of the plot without a
    // token axis get no drag or zoom.
    void addAxis(QCPAxis* axis, bool labelled = true);
    // New tokens: the whole sample is shown unless it has as many tokens as before (the same
    // sample, another layer), in which case the scroll position stays.
    void setTokens(const figures::TokenLabels& tokens);
    int count() const { return static_cast<int>(tokens_.size()); }
    const figures::TokenLabels& tokens() const { return tokens_; }

    double lower() const;
    double upper() const;
    // Clamped to the sample, at least kMinimumSpan tokens wide.
    void setVisibleRange(double lower, double upper);
    // factor < 1 zooms in, around the centre of the visible range.
    void zoomBy(double factor);
    void showAll();
    // Scrolls (without zooming) so that `token` is visible.
    void ensureVisible(int token);
    // The token under an axis coordinate, -1 outside the sample.
    int tokenAt(double coordinate) const;
    // The display text of a token for read-outs: "12 ·the".
    QString describe(int token) const;

    QScrollBar* scrollBar() const { return scrollBar_; }
    // Whether piece labels are shown at the current zoom (else positions).
    bool showsPieces() const { return piecesShown_; }

    static constexpr double kMinimumSpan = 4.0;

Q_SIGNALS:
    void visibleRangeChanged(double lower, double upper);

private:
    void onAxisRangeChanged(const QCPRange& range);
    void apply(double lower, double upper);
    void updateTicks();
    void updateScrollBar();

    QCustomPlot* plot_;
    QScrollBar* scrollBar_;
    std::vector<QCPAxis*> axes_;
    std::vector<QSharedPointer<TokenTicker>> tickers_;
    figures::TokenLabels tokens_;
    double lower_ = -0.5, upper_ = 0.5;
    bool applying_ = false;
    bool piecesShown_ = false;
};

// Links the token axes of several views: scrolling or zooming one moves the others that show a
// sample of the same length (the app links every view's tokenAxis()).
class TokenAxisLink : public QObject {
    Q_OBJECT
public:
    explicit TokenAxisLink(QObject* parent = nullptr);
    void add(TokenAxis* axis);
    void remove(TokenAxis* axis);

private:
    void follow(TokenAxis* leader, double lower, double upper);

    std::vector<QPointer<TokenAxis>> axes_;
    bool following_ = false;
};

} // namespace spectro::widgets
