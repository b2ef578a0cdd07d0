#pragma once
// Applies the guided tour's steps (tour_steps.h) to the workbench through the APIs a user's
// actions go through: the session controller's selection, the docks' view settings, the filter
// lab panel's settings and its Generate button. It raises the docks a step talks about and says
// which step is shown; the tour can be left at any step (the views stay as the step left them).
#include "tour_steps.h"

#include <QMetaObject>
#include <QObject>
#include <QString>
#include <functional>
#include <vector>

namespace spectro::gui {

class FilterLabPanel;
class SessionController;
class WorkbenchDocks;

class TourController : public QObject {
    Q_OBJECT
public:
    struct Targets {
        SessionController* session = nullptr;
        WorkbenchDocks* docks = nullptr;
        FilterLabPanel* lab = nullptr;
        // Shows and raises a dock by id; the window knows where each one goes (the lab below the views).
        std::function<void(const QString& dockId)> raiseDock;
    };

    explicit TourController(Targets targets, QObject* parent = nullptr);

    const std::vector<TourStep>& steps() const { return steps_; }
    // The step shown, -1 when the tour is not running.
    int currentStep() const { return current_; }
    bool isRunning() const { return current_ >= 0; }

    void start();
    void next();
    void back();
    void goTo(int index);
    void leave();

Q_SIGNALS:
    void stepShown(int index);
    void left();

private:
    void apply(const TourStep& step);
    void generateWhenReady();

    Targets targets_;
    std::vector<TourStep> steps_;
    int current_ = -1;
    QMetaObject::Connection waitingForLab_;
};

} // namespace spectro::gui
