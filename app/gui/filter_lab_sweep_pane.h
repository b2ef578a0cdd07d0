#pragma once
// The filter lab's sweep tab: the NLL heatmap (layer x k) of the filter kind, site, positions and
// swap choice the controls show, filled cell by cell by the engine thread, with Sweep, Cancel and
// a progress bar; beside it a second sweep, or instead the difference of the two (Phi_u against
// Omega_u, swap against deletion). Sweeps stored in the cache appear at once. Clicking a cell asks
// the lab to set its controls to that point.
#include "filterlab/sweep_grid.h"

#include <QString>
#include <QWidget>
#include <map>
#include <optional>
#include <string>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace spectro::widgets {
class SweepHeatmapView;
}

namespace spectro::gui {

class FilterLabSweepPane : public QWidget {
    Q_OBJECT
public:
    explicit FilterLabSweepPane(QWidget* parent = nullptr);

    void setModelShape(int layers, int bands);
    // The sweeps known (stored in the cache, or computed in this session).
    void clear();
    void addGrid(const filterlab::SweepGridPtr& grid);
    void sweepEnded(const filterlab::SweepGridPtr& grid, bool cancelled, const QString& storeError);
    // The engine refused the sweep before its first cell (no sweepEnded follows): not running.
    void sweepFailed(const QString& message);
    // The controls' setting: which sweep is primary, and the cell outlined.
    void showSetting(const filterlab::FilterSetting& setting);
    void setEnabledForSource(bool enabled);

    widgets::SweepHeatmapView* primaryView() const { return primary_; }
    widgets::SweepHeatmapView* compareView() const { return compare_; }
    QPushButton* sweepButton() const { return sweep_; }
    QPushButton* cancelButton() const { return cancel_; }
    QComboBox* compareBox() const { return compareBox_; }
    QCheckBox* differenceBox() const { return difference_; }
    filterlab::SweepGridPtr grid(const std::string& name) const;
    bool isSweeping() const { return running_.has_value(); }

Q_SIGNALS:
    void sweepRequested(const spectro::filterlab::SweepDefinition& definition);
    void cancelRequested();
    void cellClicked(const QString& sweep, int layer, int k);

protected:
    void showEvent(QShowEvent* event) override;

private:
    std::optional<filterlab::SweepDefinition> definitionFor(const filterlab::FilterSetting& setting) const;
    void redraw();
    void placeCurrent();
    void updateCompareBox();

    std::map<std::string, filterlab::SweepGridPtr> grids_;
    std::optional<filterlab::SweepDefinition> primaryDefinition_;
    std::optional<std::string> running_;
    int layers_ = 1, bands_ = 1;
    bool dirty_ = false; // something changed while the tab was hidden
    filterlab::FilterSetting setting_;
    widgets::SweepHeatmapView* primary_;
    widgets::SweepHeatmapView* compare_;
    QPushButton* sweep_;
    QPushButton* cancel_;
    QProgressBar* progress_;
    QLabel* status_;
    QComboBox* compareBox_;
    QCheckBox* difference_;
};

} // namespace spectro::gui
