#include "filter_lab_controls.h"

#include "experiments/sink_control.h"
#include "filter_lab_mixer.h"
#include "util/error.h"
#include "util/index_list.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <algorithm>

namespace spectro::gui {

namespace {

QString kindText(FilterKind kind)
{
    switch (kind) {
    case FilterKind::None: return FilterLabControls::tr("none (unfiltered)");
    case FilterKind::PhiU: return FilterLabControls::tr("\u03a6_u: top k bands of W_u");
    case FilterKind::PhiE: return FilterLabControls::tr("\u03a6_e: top k bands of W_e");
    case FilterKind::Psi: return FilterLabControls::tr("\u03a8: drop what is dark for W_u and W_e");
    case FilterKind::OmegaU: return FilterLabControls::tr("\u03a9_u: top k bands and the dark band of W_u");
    case FilterKind::OmegaE: return FilterLabControls::tr("\u03a9_e: top k bands and the dark band of W_e");
    case FilterKind::Random: return FilterLabControls::tr("random subspace (seeded, same dimension)");
    case FilterKind::BandsU: return FilterLabControls::tr("band set of W_u (mixer)");
    case FilterKind::BandsE: return FilterLabControls::tr("band set of W_e (mixer)");
    }
    return {};
}

std::vector<int> keptList(const filterlab::FilterSetting& s, int bands)
{
    const auto kept = filterlab::keptBands(s, bands);
    std::vector<int> out;
    for (int j = 1; j <= bands; ++j) {
        if (kept[static_cast<std::size_t>(j - 1)]) out.push_back(j);
    }
    return out;
}

QString layerText(const std::vector<int>& layers)
{
    QStringList parts;
    for (int l : layers) parts << QString::number(l);
    return parts.join(QLatin1Char(','));
}

// The sink controls (experiments/sink_control.h) offered beside the filters, by their CLI names.
QString controlText(const std::string& name)
{
    if (name == "bos-zero") return FilterLabControls::tr("control: BoS stream set to zero");
    if (name == "bos-mean") return FilterLabControls::tr("control: BoS stream set to its mean over samples");
    if (name == "bos-position-mean") return FilterLabControls::tr("control: BoS stream set to the mean token's");
    if (name == "massive-zero") return FilterLabControls::tr("control: massive activations set to zero");
    if (name == "massive-mean") return FilterLabControls::tr("control: massive activations set to their mean");
    if (name == "massive-position-mean")
        return FilterLabControls::tr("control: massive activations set to their channel's mean");
    return QString::fromStdString(name);
}

bool takesMixer(FilterKind kind)
{
    return kind != FilterKind::Psi && kind != FilterKind::Random && kind != FilterKind::None;
}

} // namespace

FilterLabControls::FilterLabControls(QWidget* parent) : QWidget(parent)
{
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    kind_ = new QComboBox(this);
    kind_->addItem(kindText(FilterKind::None), static_cast<int>(FilterKind::None));
    for (FilterKind k : filterlab::FilterSetting::kinds()) kind_->addItem(kindText(k), static_cast<int>(k));
    // The sink controls: their item data is the control's name (a string), the filters' their kind.
    kind_->insertSeparator(kind_->count());
    for (const std::string& name : controlNames()) {
        kind_->addItem(controlText(name), QString::fromStdString(name));
        kind_->setItemData(kind_->count() - 1,
                           tr("Sun et al. 2024: at the exit of the chosen layers, on the residual stream; "
                              "set to mean is harmless, set to zero is catastrophic"),
                           Qt::ToolTipRole);
    }
    kind_->setToolTip(tr("The spectral filter applied at the exit of the chosen layers (paper, §4), or a sink "
                         "control"));
    connect(kind_, qOverload<int>(&QComboBox::activated), this, &FilterLabControls::onKind);
    form->addRow(tr("Filter:"), kind_);

    auto* kRow = new QHBoxLayout;
    k_ = new QSlider(Qt::Horizontal, this);
    k_->setToolTip(tr("k: the number of bands kept, from all bands (unfiltered) down to none; drag it"));
    k_->setPageStep(1);
    k_->setTracking(true);
    kLabel_ = new QLabel(this);
    kLabel_->setMinimumWidth(48);
    kRow->addWidget(k_, 1);
    kRow->addWidget(kLabel_);
    form->addRow(tr("Bands kept k:"), kRow);
    connect(k_, &QSlider::valueChanged, this, [this](int k) {
        filterlab::FilterSetting next = setting_;
        if (next.isControl()) return;                                    // a control has no k
        if (next.kind == FilterKind::None) next.kind = FilterKind::PhiU; // the slider starts the default filter
        if (next.kind == FilterKind::BandsU || next.kind == FilterKind::BandsE) return;
        next.k = k;
        change(next, QStringLiteral("k"));
    });
    connect(k_, &QSlider::sliderReleased, this, &FilterLabControls::burstEnded);

    mixer_ = new FilterLabMixer(this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(mixer_);
    scroll->setWidgetResizable(true); // at least the strip's own size; scrolls when wider
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFixedHeight(78);
    form->addRow(new QLabel(tr("Bands kept (S: solo, M: mute):"), this));
    form->addRow(scroll); // the whole width: 20 bands fit without scrolling
    connect(mixer_, &FilterLabMixer::soloToggled, this, [this](int band) { toggleBand(band, true); });
    connect(mixer_, &FilterLabMixer::muteToggled, this, [this](int band) { toggleBand(band, false); });

    site_ = new QComboBox(this);
    site_->addItem(tr("residual stream (exit of the layer)"), static_cast<int>(Site::Resid));
    site_->addItem(tr("MLP output"), static_cast<int>(Site::MlpOut));
    site_->addItem(tr("attention output"), static_cast<int>(Site::AttnOut));
    connect(site_, qOverload<int>(&QComboBox::activated), this, [this](int i) {
        filterlab::FilterSetting next = setting_;
        next.site = static_cast<Site>(site_->itemData(i).toInt());
        change(next, QStringLiteral("site"));
    });
    form->addRow(tr("Site:"), site_);

    layersEdit_ = new QLineEdit(this);
    layersEdit_->setToolTip(tr("The layer whose exit is filtered, or several filtered together: 1, or 0,2-4"));
    connect(layersEdit_, &QLineEdit::editingFinished, this, &FilterLabControls::onLayersEdited);
    form->addRow(tr("Layers:"), layersEdit_);

    positions_ = new QComboBox(this);
    positions_->addItem(tr("every position"), static_cast<int>(Positions::All));
    positions_->addItem(tr("BoS only (position 0)"), static_cast<int>(Positions::Bos));
    positions_->addItem(tr("every position but BoS"), static_cast<int>(Positions::NonBos));
    connect(positions_, qOverload<int>(&QComboBox::activated), this, [this](int i) {
        filterlab::FilterSetting next = setting_;
        next.positions = static_cast<Positions>(positions_->itemData(i).toInt());
        change(next, QStringLiteral("positions"));
    });
    form->addRow(tr("Positions:"), positions_);

    swap_ = new QCheckBox(tr("Swap: replace the removed part by the next sample's"), this);
    swap_->setToolTip(tr("Instead of deleting (I - F) x, take it from sample i + 1 at the same position and layer "
                         "(the paper's swap experiment; samples are cut to a common length)"));
    connect(swap_, &QCheckBox::toggled, this, [this](bool on) {
        filterlab::FilterSetting next = setting_;
        next.swap = on;
        change(next, QStringLiteral("swap"));
    });
    form->addRow(QString(), swap_);

    seed_ = new QSpinBox(this);
    seed_->setRange(0, 1 << 30);
    seed_->setToolTip(tr("Seed of the random subspace"));
    connect(seed_, &QSpinBox::valueChanged, this, [this](int seed) {
        filterlab::FilterSetting next = setting_;
        next.seed = static_cast<std::uint64_t>(seed);
        change(next, QStringLiteral("seed"));
    });
    seedLabel_ = new QLabel(tr("Seed:"), this);
    form->addRow(seedLabel_, seed_);
    refresh();
}

void FilterLabControls::setModelShape(int layers, int bands)
{
    layers_ = std::max(1, layers);
    bands_ = std::max(1, bands);
    mixer_->setBandCount(bands_);
    {
        const QSignalBlocker block(k_);
        k_->setRange(0, bands_);
    }
    refresh();
}

void FilterLabControls::setSetting(const filterlab::FilterSetting& setting)
{
    setting_ = setting;
    refresh();
}

void FilterLabControls::change(filterlab::FilterSetting next, const QString& control)
{
    try {
        filterlab::validate(next, layers_, bands_);
    } catch (const Error&) {
        refresh(); // back to the last valid setting
        return;
    }
    if (next == setting_) return;
    setting_ = std::move(next);
    refresh();
    Q_EMIT settingChanged(setting_, control);
}

void FilterLabControls::refresh()
{
    const filterlab::FilterSetting& s = setting_;
    const QSignalBlocker b1(kind_), b2(k_), b3(site_), b4(layersEdit_), b5(positions_), b6(swap_), b7(seed_);
    const int item =
        s.isControl() ? kind_->findData(QString::fromStdString(s.control)) : kind_->findData(static_cast<int>(s.kind));
    kind_->setCurrentIndex(std::max(0, item));
    const bool bandSet = s.kind == FilterKind::BandsU || s.kind == FilterKind::BandsE;
    const int k = s.kind == FilterKind::None ? bands_ : bandSet ? static_cast<int>(keptList(s, bands_).size()) : s.k;
    k_->setValue(k);
    k_->setEnabled(!bandSet && !s.isControl());
    // A control acts on the residual stream at the positions its target names, without swap.
    site_->setEnabled(!s.isControl());
    positions_->setEnabled(!s.isControl());
    swap_->setEnabled(!s.isControl());
    kLabel_->setText(bandSet ? tr("%1 bands").arg(k) : tr("%1 of %2").arg(k).arg(bands_));
    mixer_->showState(filterlab::keptBands(s, bands_), s.solo, s.mute, takesMixer(s.kind));
    site_->setCurrentIndex(std::max(0, site_->findData(static_cast<int>(s.site))));
    layersEdit_->setText(layerText(s.layers));
    layersEdit_->setStyleSheet(QString());
    positions_->setCurrentIndex(std::max(0, positions_->findData(static_cast<int>(s.positions))));
    swap_->setChecked(s.swap);
    seed_->setValue(static_cast<int>(s.seed));
    seed_->setVisible(s.kind == FilterKind::Random);
    seedLabel_->setVisible(s.kind == FilterKind::Random);
}

void FilterLabControls::onKind(int index)
{
    filterlab::FilterSetting next = setting_;
    const QVariant choice = kind_->itemData(index);
    if (choice.typeId() == QMetaType::QString) {
        next.control = choice.toString().toStdString();
        next.kind = FilterKind::None;
        next.site = Site::Resid;
        next.positions = Positions::All;
        next.swap = false;
        next.solo.clear();
        next.mute.clear();
        change(next, QStringLiteral("kind"));
        return;
    }
    next.control.clear();
    const auto kind = static_cast<FilterKind>(kind_->itemData(index).toInt());
    const bool toBandSet = (kind == FilterKind::BandsU || kind == FilterKind::BandsE) &&
                           !(setting_.kind == FilterKind::BandsU || setting_.kind == FilterKind::BandsE);
    if (toBandSet) {
        // A band set starts from the bands kept now (all of them when that was Psi or random).
        next.bands = takesMixer(setting_.kind) ? keptList(setting_, bands_)
                                               : keptList(filterlab::FilterSetting::unfiltered(), bands_);
        next.solo.clear();
        next.mute.clear();
    }
    if (!takesMixer(kind)) {
        next.solo.clear();
        next.mute.clear();
    }
    if (setting_.kind == FilterKind::None) next.k = bands_;
    next.kind = kind;
    change(next, QStringLiteral("kind"));
}

void FilterLabControls::onLayersEdited()
{
    try {
        filterlab::FilterSetting next = setting_;
        next.layers = parseIndexList(layersEdit_->text().toStdString(), 0, layers_ - 1, "layers");
        change(next, QStringLiteral("layers"));
    } catch (const Error& e) {
        layersEdit_->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #c0392b; }"));
        layersEdit_->setToolTip(QString::fromStdString(e.what()));
    }
}

void FilterLabControls::toggleBand(int band, bool solo)
{
    filterlab::FilterSetting next = setting_;
    if (!takesMixer(next.kind)) return;
    std::vector<int>& list = solo ? next.solo : next.mute;
    const auto it = std::find(list.begin(), list.end(), band);
    if (it == list.end())
        list.push_back(band);
    else
        list.erase(it);
    std::sort(list.begin(), list.end());
    change(next, QStringLiteral("mixer"));
}

} // namespace spectro::gui
