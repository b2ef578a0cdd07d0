#pragma once
// The filter lab's controls: filter kind or sink control (BoS stream / massive activations to
// zero or their mean), the k slider (bands kept), the band mixer strip, site, layers (filtered
// together), positions, swap and the random seed. They hold one
// filterlab::FilterSetting and say when the user changes it (which control, for the undo
// history's burst merging); setSetting() shows a setting without saying so (undo, a sweep cell).
#include "filterlab/filter_setting.h"

#include <QString>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;

namespace spectro::gui {

class FilterLabMixer;

class FilterLabControls : public QWidget {
    Q_OBJECT
public:
    explicit FilterLabControls(QWidget* parent = nullptr);

    // The model's layers and the number of bands (the slider's range, the mixer's columns).
    void setModelShape(int layers, int bands);
    int layerCount() const { return layers_; }
    int bandCount() const { return bands_; }
    void setSetting(const filterlab::FilterSetting& setting);
    const filterlab::FilterSetting& setting() const { return setting_; }

    QSlider* kSlider() const { return k_; }
    QComboBox* kindBox() const { return kind_; }
    QComboBox* siteBox() const { return site_; }
    QComboBox* positionsBox() const { return positions_; }
    QLineEdit* layersEdit() const { return layersEdit_; }
    QCheckBox* swapBox() const { return swap_; }
    FilterLabMixer* mixer() const { return mixer_; }

Q_SIGNALS:
    void settingChanged(const spectro::filterlab::FilterSetting& setting, const QString& control);
    // The k slider was released: a drag ends (the history starts a new entry on the next change).
    void burstEnded();

private:
    void change(filterlab::FilterSetting next, const QString& control);
    void refresh();
    void onKind(int index);
    void onLayersEdited();
    void toggleBand(int band, bool solo);

    filterlab::FilterSetting setting_;
    int layers_ = 1, bands_ = 1;
    QComboBox* kind_;
    QSlider* k_;
    QLabel* kLabel_;
    FilterLabMixer* mixer_;
    QComboBox* site_;
    QLineEdit* layersEdit_;
    QComboBox* positions_;
    QCheckBox* swap_;
    QSpinBox* seed_;
    QLabel* seedLabel_;
};

} // namespace spectro::gui
