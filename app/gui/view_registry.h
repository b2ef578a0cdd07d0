#pragma once
// The workbench's views, as a list of descriptors: each says how to make its widget, which parts
// of the selection its figure depends on, what it needs (a cache, the model's weights) and how to
// build its figure from the session's source off the GUI thread. The main window and the docks
// only walk this list, so a new view (the filter lab's, issue 13) is one more entry here, not
// more wiring.
#include "figure_loader.h"
#include "workbench/selection.h"
#include "workbench_source.h"

#include <QPointer>
#include <QString>
#include <Qt>
#include <functional>
#include <vector>

namespace spectro::widgets {
class FigureView;
}

namespace spectro::gui {

// The parts of the selection a figure is built for (a change of another part only moves markers).
enum SelectionPart : unsigned {
    kSample = 1u << 0,
    kToken = 1u << 1,
    kLayer = 1u << 2,
    kHead = 1u << 3,
    kMatrix = 1u << 4,
    kBand = 1u << 5,
};

// The selection parts that differ between two selections.
unsigned changedParts(const workbench::Selection& a, const workbench::Selection& b);

// What a build sees: the source, the selection and the view's settings (JSON text), all copied
// on the GUI thread when the build was asked for.
struct ViewRequest {
    WorkbenchSourcePtr source;
    workbench::Selection selection;
    QString settings;
};

struct ViewDescriptor {
    QString id;    // the view's viewId(): dock object name and session key
    QString title; // dock title (translated)
    unsigned dependsOn = 0;
    bool needsCache = true;
    bool needsModel = false;
    Qt::DockWidgetArea area = Qt::RightDockWidgetArea;
    std::function<widgets::FigureView*(QWidget* parent)> create;
    // Runs on a loader thread: builds the figure and returns what hands it to the view on the GUI
    // thread (nothing happens if the view is gone by then).
    std::function<FigureLoader::Deliver(const ViewRequest& request, QPointer<widgets::FigureView> view)> build;
};

// Every view of the workbench, in the order of the View menu.
const std::vector<ViewDescriptor>& workbenchViews();
const ViewDescriptor* findView(const QString& id);

} // namespace spectro::gui
