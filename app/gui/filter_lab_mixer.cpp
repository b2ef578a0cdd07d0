#include "filter_lab_mixer.h"

#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolButton>
#include <algorithm>

namespace spectro::gui {

namespace {

QToolButton* smallToggle(const QString& text, const QString& tip, QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setCheckable(true);
    b->setAutoRaise(true);
    b->setFixedSize(19, 18);
    return b;
}

} // namespace

FilterLabMixer::FilterLabMixer(QWidget* parent) : QWidget(parent), grid_(new QGridLayout(this))
{
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setHorizontalSpacing(1);
    grid_->setVerticalSpacing(1);
}

void FilterLabMixer::setBandCount(int bands)
{
    if (bands == bandCount()) return;
    for (auto* w : kept_) delete w;
    for (auto* w : solo_) delete w;
    for (auto* w : mute_) delete w;
    kept_.clear();
    solo_.clear();
    mute_.clear();
    keptShown_.assign(static_cast<std::size_t>(bands), true);
    for (int j = 1; j <= bands; ++j) {
        auto* label = new QLabel(QString::number(j), this);
        label->setAlignment(Qt::AlignCenter);
        label->setFixedSize(19, 18);
        if (j == bands) {
            // The dark band is framed and bold: a mark beside its number does not fit the cell.
            QFont bold = label->font();
            bold.setBold(true);
            label->setFont(bold);
            label->setFrameStyle(QFrame::Box | QFrame::Plain);
        }
        label->setAutoFillBackground(true);
        label->setToolTip(j == bands ? tr("Band %1: the dark band (smallest singular values)").arg(j)
                                     : tr("Band %1 of %2 (1 = largest singular values)").arg(j).arg(bands));
        auto* solo = smallToggle(QStringLiteral("S"), tr("Solo band %1: keep only the soloed bands").arg(j), this);
        auto* mute = smallToggle(QStringLiteral("M"),
                                 tr("Mute band %1: remove it from the bands the filter keeps").arg(j), this);
        connect(solo, &QToolButton::clicked, this, [this, j] { Q_EMIT soloToggled(j); });
        connect(mute, &QToolButton::clicked, this, [this, j] { Q_EMIT muteToggled(j); });
        grid_->addWidget(label, 0, j - 1);
        grid_->addWidget(solo, 1, j - 1);
        grid_->addWidget(mute, 2, j - 1);
        kept_.push_back(label);
        solo_.push_back(solo);
        mute_.push_back(mute);
    }
}

void FilterLabMixer::showState(const std::vector<bool>& kept, const std::vector<int>& solo,
                               const std::vector<int>& mute, bool enabled)
{
    const QColor on = palette().color(QPalette::Highlight), off = palette().color(QPalette::Mid);
    for (int j = 1; j <= bandCount(); ++j) {
        const auto i = static_cast<std::size_t>(j - 1);
        const bool k = i < kept.size() && kept[i];
        keptShown_[i] = k;
        QPalette p = kept_[i]->palette();
        p.setColor(QPalette::Window, k ? on : off);
        p.setColor(QPalette::WindowText,
                   k ? palette().color(QPalette::HighlightedText) : palette().color(QPalette::WindowText));
        kept_[i]->setPalette(p);
        const QSignalBlocker bs(solo_[i]), bm(mute_[i]);
        solo_[i]->setChecked(std::find(solo.begin(), solo.end(), j) != solo.end());
        mute_[i]->setChecked(std::find(mute.begin(), mute.end(), j) != mute.end());
        solo_[i]->setEnabled(enabled);
        mute_[i]->setEnabled(enabled);
    }
}

bool FilterLabMixer::isKeptShown(int band) const
{
    return band >= 1 && band <= bandCount() && keptShown_[static_cast<std::size_t>(band - 1)];
}

} // namespace spectro::gui
