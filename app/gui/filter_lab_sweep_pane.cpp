#include "filter_lab_sweep_pane.h"

#include "filterlab/lab_figures.h"
#include "sweep_heatmap_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QVBoxLayout>

namespace spectro::gui {

FilterLabSweepPane::FilterLabSweepPane(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    sweep_ = new QPushButton(tr("Sweep"), this);
    sweep_->setToolTip(tr("NLL for every layer and every k with the chosen filter, site, positions and swap, in the "
                          "background; slider moves go first. Stored in the cache."));
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setToolTip(tr("Stop the sweep; the finished cells are kept (and stored)"));
    cancel_->setEnabled(false);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setTextVisible(true);
    progress_->setVisible(false);
    compareBox_ = new QComboBox(this);
    compareBox_->setToolTip(tr("A second sweep, shown beside the first or subtracted from it"));
    difference_ = new QCheckBox(tr("Difference"), this);
    difference_->setToolTip(tr("Show the chosen sweep minus the second one (same layers and k)"));
    status_ = new QLabel(this);
    bar->addWidget(sweep_);
    bar->addWidget(cancel_);
    bar->addWidget(progress_, 1);
    bar->addWidget(new QLabel(tr("Compare with:"), this));
    bar->addWidget(compareBox_);
    bar->addWidget(difference_);
    layout->addLayout(bar);
    auto* split = new QSplitter(Qt::Horizontal, this);
    primary_ = new widgets::SweepHeatmapView(QStringLiteral("filterlab-sweep"), split);
    compare_ = new widgets::SweepHeatmapView(QStringLiteral("filterlab-sweep-compare"), split);
    compare_->setVisible(false);
    layout->addWidget(split, 1);
    layout->addWidget(status_);

    connect(sweep_, &QPushButton::clicked, this, [this] {
        if (primaryDefinition_) Q_EMIT sweepRequested(*primaryDefinition_);
        running_ = primaryDefinition_ ? std::optional<std::string>(primaryDefinition_->name()) : std::nullopt;
        cancel_->setEnabled(running_.has_value());
        progress_->setVisible(running_.has_value());
        progress_->setValue(0);
        status_->clear();
    });
    connect(cancel_, &QPushButton::clicked, this, &FilterLabSweepPane::cancelRequested);
    connect(compareBox_, qOverload<int>(&QComboBox::activated), this, [this] { redraw(); });
    connect(difference_, &QCheckBox::toggled, this, [this] { redraw(); });
    // A cell of either heatmap names its own sweep's setting (a difference: the first sweep's).
    for (auto* view : {primary_, compare_}) {
        connect(view, &widgets::SweepHeatmapView::cellClicked, this, [this, view](int layer, int k) {
            if (view->figure()) Q_EMIT cellClicked(QString::fromStdString(view->figure()->name), layer, k);
        });
    }
    updateCompareBox();
}

void FilterLabSweepPane::setModelShape(int layers, int bands)
{
    layers_ = layers;
    bands_ = bands;
}

void FilterLabSweepPane::clear()
{
    grids_.clear();
    running_.reset();
    cancel_->setEnabled(false);
    progress_->setVisible(false);
    status_->clear();
    updateCompareBox();
    redraw();
}

void FilterLabSweepPane::addGrid(const filterlab::SweepGridPtr& grid)
{
    const std::string name = grid->definition.name();
    const bool isNew = !grids_.count(name);
    grids_[name] = grid;
    if (isNew) updateCompareBox();
    if (running_ && *running_ == name)
        progress_->setValue(static_cast<int>(1000.0 * grid->done() / std::max(1, grid->rows() * grid->columns())));
    redraw();
}

void FilterLabSweepPane::sweepEnded(const filterlab::SweepGridPtr& grid, bool cancelled, const QString& storeError)
{
    addGrid(grid);
    if (running_ && *running_ == grid->definition.name()) running_.reset();
    cancel_->setEnabled(running_.has_value());
    progress_->setVisible(running_.has_value());
    const QString name = QString::fromStdString(grid->definition.name());
    QString text = cancelled ? tr("Sweep %1 cancelled: %2 of %3 cells kept")
                                   .arg(name)
                                   .arg(grid->done())
                                   .arg(grid->rows() * grid->columns())
                             : tr("Sweep %1 finished").arg(name);
    text += storeError.isEmpty() ? tr(" (in the cache)") : tr("; not stored: %1").arg(storeError);
    status_->setText(text);
}

void FilterLabSweepPane::sweepFailed(const QString& message)
{
    running_.reset();
    cancel_->setEnabled(false);
    progress_->setVisible(false);
    status_->setText(message);
}

std::optional<filterlab::SweepDefinition> FilterLabSweepPane::definitionFor(const filterlab::FilterSetting& s) const
{
    if (s.kind == FilterKind::None || s.kind == FilterKind::BandsU || s.kind == FilterKind::BandsE) return std::nullopt;
    return filterlab::SweepDefinition::full(s.kind, s.site, s.positions, s.swap, s.seed, layers_, bands_);
}

void FilterLabSweepPane::showSetting(const filterlab::FilterSetting& setting)
{
    setting_ = setting;
    const auto next = definitionFor(setting);
    const bool samePrimary =
        next.has_value() == primaryDefinition_.has_value() && (!next || *next == *primaryDefinition_);
    primaryDefinition_ = next;
    sweep_->setEnabled(primaryDefinition_.has_value());
    sweep_->setToolTip(
        primaryDefinition_
            ? tr("Sweep %1 over every layer and k").arg(QString::fromStdString(primaryDefinition_->name()))
            : tr("A band set or no filter has no k to sweep: choose Phi, Psi, Omega or random"));
    // A move of k or of the layer only moves the outline (the slider's step must stay cheap).
    if (samePrimary)
        placeCurrent();
    else
        redraw();
}

void FilterLabSweepPane::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (dirty_) redraw();
}

void FilterLabSweepPane::placeCurrent()
{
    if (!isVisible()) {
        dirty_ = true; // a hidden tab does no drawing: the slider's steps stay cheap
        return;
    }
    const int layer = setting_.layers.size() == 1 ? setting_.layers.front() : -1;
    for (auto* view : {primary_, compare_}) view->setCurrentCell(layer, setting_.k);
}

void FilterLabSweepPane::setEnabledForSource(bool enabled)
{
    setEnabled(enabled);
}

filterlab::SweepGridPtr FilterLabSweepPane::grid(const std::string& name) const
{
    const auto it = grids_.find(name);
    return it == grids_.end() ? nullptr : it->second;
}

void FilterLabSweepPane::updateCompareBox()
{
    const QString current = compareBox_->currentData().toString();
    const QSignalBlocker block(compareBox_);
    compareBox_->clear();
    compareBox_->addItem(tr("none"), QString());
    for (const auto& [name, grid] : grids_)
        compareBox_->addItem(QString::fromStdString(name), QString::fromStdString(name));
    compareBox_->setCurrentIndex(std::max(0, compareBox_->findData(current)));
}

void FilterLabSweepPane::redraw()
{
    if (!isVisible()) {
        dirty_ = true;
        return;
    }
    dirty_ = false;
    const filterlab::SweepGridPtr main = primaryDefinition_ ? grid(primaryDefinition_->name()) : nullptr;
    const filterlab::SweepGridPtr other = grid(compareBox_->currentData().toString().toStdString());
    const bool difference = difference_->isChecked() && main && other && main != other &&
                            main->definition.layers == other->definition.layers &&
                            main->definition.ks == other->definition.ks;
    if (main) {
        primary_->setFigure(std::make_shared<const figures::SweepFigure>(
            filterlab::sweepFigure(*main, difference ? other.get() : nullptr)));
    } else {
        primary_->showMessage(
            primaryDefinition_
                ? tr("No %1 sweep yet: press Sweep.").arg(QString::fromStdString(primaryDefinition_->name()))
                : tr("Choose Phi, Psi, Omega or random to sweep over k."));
    }
    const bool beside = other && !difference;
    compare_->setVisible(beside);
    if (beside) compare_->setFigure(std::make_shared<const figures::SweepFigure>(filterlab::sweepFigure(*other)));
    placeCurrent();
}

} // namespace spectro::gui
