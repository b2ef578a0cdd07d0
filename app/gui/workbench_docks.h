#pragma once
// The workbench's docked views: one QDockWidget per entry of the view registry (and the model and
// prompt panels), arranged by the user, each following the session's selection. This class does
// the wiring the main window would otherwise grow: it forwards hovers and clicks to the session,
// hands every view the session's selection, asks the loader for a new figure when a part of the
// selection that a figure depends on changes (or its settings, or the source), links the token
// axes, shows what a view needs when it cannot have data, and says when every open view has
// settled (for --screenshot).
#include "figure_loader.h"
#include "view_registry.h"
#include "workbench/selection.h"
#include "workbench_source.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <map>
#include <string>
#include <vector>

class QDockWidget;
class QMainWindow;
class QMenu;

namespace spectro::widgets {
class FigureView;
class TokenAxisLink;
} // namespace spectro::widgets

namespace spectro::gui {

class SessionController;

class WorkbenchDocks : public QObject {
    Q_OBJECT
public:
    // What the user can do about a view that cannot show data (its message's button).
    enum class Remedy { None, OpenModel, RunCorpus, OpenCache };

    WorkbenchDocks(QMainWindow* window, SessionController* session, QObject* parent = nullptr);
    ~WorkbenchDocks() override;

    // A panel that is not a figure (model properties, prompt), docked like the views.
    QDockWidget* addPanel(const QString& id, const QString& title, QWidget* widget, Qt::DockWidgetArea area);
    // The default arrangement: the token strip on top, the views in three columns.
    void resetLayout();
    // View menu entries: one toggle per dock.
    void fillViewMenu(QMenu* menu);

    // New data for every view (a cache opened or published, a model loaded).
    void setSource(WorkbenchSourcePtr source);
    const WorkbenchSourcePtr& source() const { return source_; }

    widgets::FigureView* view(const QString& id) const;
    std::vector<widgets::FigureView*> views() const;
    QDockWidget* dock(const QString& id) const;
    // Ids of the docks that are shown (the session's openViews), in registry order.
    QStringList openViews() const;
    void setOpenViews(const QStringList& ids);
    std::map<std::string, std::string> viewSettings() const;
    void applyViewSettings(const std::map<std::string, std::string>& settings);
    // Every shown view has its figure or a message, and no build is running.
    bool isSettled() const;
    FigureLoader* loader() const { return loader_; }

Q_SIGNALS:
    void remedyRequested(spectro::gui::WorkbenchDocks::Remedy remedy);
    // isSettled() became true.
    void settled();

private:
    struct Entry {
        const ViewDescriptor* descriptor = nullptr;
        QPointer<widgets::FigureView> view;
        QDockWidget* dock = nullptr;
        Remedy remedy = Remedy::None;
        bool stale = false; // hidden when its figure was due: built when shown
    };
    Entry* entry(const QString& id);
    const Entry* entry(const QString& id) const;
    void refresh(Entry& e);
    void showNeed(Entry& e, const QString& text, const QString& action, Remedy remedy);
    void onSelectionChanged(const workbench::Selection& selection);
    void checkSettled();

    QMainWindow* window_;
    SessionController* session_;
    FigureLoader* loader_;
    widgets::TokenAxisLink* axisLink_;
    WorkbenchSourcePtr source_;
    workbench::Selection shown_; // the selection the figures were last asked for
    std::vector<Entry> entries_;
    std::vector<QDockWidget*> panels_;
};

} // namespace spectro::gui
