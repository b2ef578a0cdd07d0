#pragma once
// The filter lab's band mixer strip: one column per band of the spectrum (band 1 = largest
// singular values, band N = the dark band), each showing whether the filter keeps it, with a
// Solo and a Mute button, as on a mixing desk: soloing keeps exactly the soloed bands, muting
// drops a band from those the filter keeps (filterlab/filter_setting.h), so any band set can be
// built. Disabled for the filters that are not band projectors (Psi, random).
#include <QWidget>
#include <vector>

class QGridLayout;
class QLabel;
class QToolButton;

namespace spectro::gui {

class FilterLabMixer : public QWidget {
    Q_OBJECT
public:
    explicit FilterLabMixer(QWidget* parent = nullptr);

    void setBandCount(int bands);
    int bandCount() const { return static_cast<int>(kept_.size()); }
    // What the strip shows: kept bands, and the solo / mute buttons' states (1-based bands).
    void showState(const std::vector<bool>& kept, const std::vector<int>& solo, const std::vector<int>& mute,
                   bool enabled);
    bool isKeptShown(int band) const;
    QToolButton* soloButton(int band) const { return solo_.at(static_cast<std::size_t>(band - 1)); }
    QToolButton* muteButton(int band) const { return mute_.at(static_cast<std::size_t>(band - 1)); }

Q_SIGNALS:
    void soloToggled(int band);
    void muteToggled(int band);

private:
    QGridLayout* grid_;
    std::vector<QLabel*> kept_;
    std::vector<QToolButton*> solo_, mute_;
    std::vector<bool> keptShown_;
};

} // namespace spectro::gui
