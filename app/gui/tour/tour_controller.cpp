#include "tour_controller.h"

#include "filter_lab_generation_pane.h"
#include "filter_lab_panel.h"
#include "session_controller.h"
#include "workbench_docks.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <algorithm>
#include <utility>

namespace spectro::gui {

TourController::TourController(Targets targets, QObject* parent)
    : QObject(parent), targets_(std::move(targets)), steps_(tourSteps())
{
}

void TourController::start()
{
    goTo(0);
}

void TourController::next()
{
    if (isRunning() && current_ + 1 < static_cast<int>(steps_.size())) goTo(current_ + 1);
}

void TourController::back()
{
    if (isRunning() && current_ > 0) goTo(current_ - 1);
}

void TourController::goTo(int index)
{
    if (steps_.empty()) return;
    current_ = std::clamp(index, 0, static_cast<int>(steps_.size()) - 1);
    apply(steps_[static_cast<std::size_t>(current_)]);
    Q_EMIT stepShown(current_);
}

void TourController::leave()
{
    if (!isRunning()) return;
    current_ = -1;
    disconnect(waitingForLab_);
    Q_EMIT left();
}

void TourController::apply(const TourStep& step)
{
    disconnect(waitingForLab_);
    // View settings first: a setting that asks for another figure (the aptitude view's matrix) is
    // built for the selection that follows.
    if (!step.viewSettings.empty()) targets_.docks->applyViewSettings(step.viewSettings);
    targets_.session->request(step.selection);
    if (step.filter) {
        // The lab's own session settings: the controls show the setting at once, and a lab that
        // is still preparing starts from it (FilterLabPanel::onReady).
        QJsonObject o;
        o.insert(QStringLiteral("setting"),
                 QJsonDocument::fromJson(QByteArray::fromStdString(filterlab::toJson(*step.filter))).object());
        o.insert(QStringLiteral("tab"), static_cast<int>(step.labTab));
        targets_.lab->applySettings(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    }
    // The first dock named is raised last, so it ends on top of any tab group it shares.
    for (auto it = step.docks.crbegin(); it != step.docks.crend(); ++it) targets_.raiseDock(*it);
    if (step.generate) generateWhenReady();
}

void TourController::generateWhenReady()
{
    QPushButton* generate = targets_.lab->generationPane()->generateButton();
    if (targets_.lab->isReady() && generate->isEnabled()) {
        generate->click();
        return;
    }
    const int step = current_;
    waitingForLab_ = connect(targets_.lab, &FilterLabPanel::readyChanged, this, [this, step](bool ready) {
        if (!ready || current_ != step) return;
        disconnect(waitingForLab_);
        targets_.lab->generationPane()->generateButton()->click();
    });
}

} // namespace spectro::gui
