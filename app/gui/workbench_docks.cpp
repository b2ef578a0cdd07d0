#include "workbench_docks.h"

#include "figure_view.h"
#include "session_controller.h"
#include "token_axis.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QTimer>
#include <utility>

namespace spectro::gui {

WorkbenchDocks::WorkbenchDocks(QMainWindow* window, SessionController* session, QObject* parent)
    : QObject(parent), window_(window), session_(session), loader_(new FigureLoader(this)),
      axisLink_(new widgets::TokenAxisLink(this))
{
    window_->setDockNestingEnabled(true);
    window_->setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks | QMainWindow::AllowTabbedDocks |
                            QMainWindow::GroupedDragging);
    shown_ = session_->selection();
    for (const ViewDescriptor& d : workbenchViews()) {
        Entry e;
        e.descriptor = &d;
        e.view = d.create(nullptr);
        e.dock = new QDockWidget(d.title, window_);
        e.dock->setObjectName(d.id);
        e.dock->setWidget(e.view);
        e.dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                            QDockWidget::DockWidgetFloatable);
        e.view->setSelection(shown_);
        if (widgets::TokenAxis* axis = e.view->tokenAxis()) axisLink_->add(axis);
        const QString id = d.id;
        widgets::FigureView* view = e.view;
        connect(view, &widgets::FigureView::selectionHovered, session_, &SessionController::preview);
        connect(view, &widgets::FigureView::selectionRequested, session_, &SessionController::request);
        connect(view, &widgets::FigureView::hoverEnded, session_, &SessionController::endPreview);
        connect(view, &widgets::FigureView::settingsChanged, this, [this, id] {
            if (Entry* x = entry(id)) refresh(*x);
        });
        connect(view, &widgets::FigureView::messageActionTriggered, this, [this, id] {
            if (Entry* x = entry(id)) Q_EMIT remedyRequested(x->remedy);
        });
        // A view that is shown again may have missed a new source while hidden.
        connect(e.dock, &QDockWidget::visibilityChanged, this, [this, id](bool visible) {
            if (Entry* x = entry(id); x && visible && x->stale) refresh(*x);
        });
        entries_.push_back(e);
    }
    connect(session_, &SessionController::selectionChanged, this, &WorkbenchDocks::onSelectionChanged);
    connect(loader_, &FigureLoader::started, this, [this](const QString& id) {
        if (Entry* e = entry(id); e && e->view) e->view->setBusy(true);
    });
    auto done = [this](const QString& id) {
        if (Entry* e = entry(id); e && e->view) e->view->setBusy(false);
    };
    connect(loader_, &FigureLoader::delivered, this, done);
    connect(loader_, &FigureLoader::dropped, this, done);
    connect(loader_, &FigureLoader::failed, this, [this](const QString& id, const QString& message) {
        if (Entry* e = entry(id); e && e->view) {
            e->view->setBusy(false);
            e->remedy = Remedy::None;
            e->view->showMessage(message);
        }
    });
    connect(loader_, &FigureLoader::idle, this, &WorkbenchDocks::checkSettled);
}

WorkbenchDocks::~WorkbenchDocks()
{
    // Builds still running hand their figures to views that are about to go: stop them first.
    loader_->cancelAll();
    loader_->waitForDone();
}

QDockWidget* WorkbenchDocks::addPanel(const QString& id, const QString& title, QWidget* widget, Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, window_);
    dock->setObjectName(id);
    dock->setWidget(widget);
    window_->addDockWidget(area, dock);
    panels_.push_back(dock);
    return dock;
}

void WorkbenchDocks::resetLayout()
{
    for (Entry& e : entries_) {
        window_->removeDockWidget(e.dock);
        e.dock->setFloating(false);
    }
    for (QDockWidget* p : panels_) window_->removeDockWidget(p);
    // Three columns under the token strip: weights (spectrum, aptitude, BoS story), attention
    // (sinks, pattern, grid), dark signals (dark ratio, spectrogram, HMLV).
    auto place = [this](const char* id, Qt::DockWidgetArea area) {
        QDockWidget* d = dock(QString::fromLatin1(id));
        if (d) {
            window_->addDockWidget(area, d);
            d->show();
        }
        return d;
    };
    place("token_strip", Qt::TopDockWidgetArea);
    // The columns share one dock area, so that one splitter divides the width between them.
    QDockWidget* spectrum = place("spectrum", Qt::RightDockWidgetArea);
    QDockWidget* sinks = dock(QStringLiteral("attention_received"));
    QDockWidget* dark = dock(QStringLiteral("dark_ratio"));
    if (spectrum && sinks) window_->splitDockWidget(spectrum, sinks, Qt::Horizontal);
    if (sinks && dark) window_->splitDockWidget(sinks, dark, Qt::Horizontal);
    for (QDockWidget* d : {sinks, dark}) {
        if (d) d->show();
    }
    auto below = [this](QDockWidget* above, const char* id) {
        QDockWidget* d = dock(QString::fromLatin1(id));
        if (above && d) {
            window_->splitDockWidget(above, d, Qt::Vertical);
            d->show();
        }
        return d;
    };
    QDockWidget* aptitude = below(spectrum, "aptitude");
    QDockWidget* bos = below(aptitude, "bos_story");
    below(below(sinks, "attention_pattern"), "sink_grid");
    below(below(dark, "spectrogram"), "hmlv");
    // The panels (model properties, prompt) wait hidden as tabs behind the BoS story: shown, their
    // minimum height would take a third of the column's height from the views (View menu shows them).
    for (QDockWidget* p : panels_) {
        if (bos)
            window_->tabifyDockWidget(bos, p);
        else
            window_->addDockWidget(Qt::LeftDockWidgetArea, p);
        p->hide();
    }
    if (bos) bos->raise();
    // The sink measurements of the follow-up literature: tabs behind the paper's views they extend.
    auto behind = [this](const char* front, const char* id) {
        QDockWidget* f = dock(QString::fromLatin1(front));
        QDockWidget* d = dock(QString::fromLatin1(id));
        if (f && d) {
            window_->tabifyDockWidget(f, d);
            d->show();
            f->raise();
        }
    };
    behind("sink_grid", "sink_rate");
    behind("attention_pattern", "triad");
    behind("spectrogram", "massive_activations");
    // Any registered view without a place above (the filter lab's) goes to the right.
    for (Entry& e : entries_) {
        if (window_->dockWidgetArea(e.dock) == Qt::NoDockWidgetArea) window_->addDockWidget(e.descriptor->area, e.dock);
    }
    // Sizes apply once the docks are laid out in the window: on the next turn of the event loop.
    QTimer::singleShot(0, this, &WorkbenchDocks::balanceLayout);
}

void WorkbenchDocks::balanceLayout()
{
    // Three equal columns under a token strip of a few lines; three equal rows in each column.
    const QStringList columns[] = {
        {QStringLiteral("spectrum"), QStringLiteral("aptitude"), QStringLiteral("bos_story")},
        {QStringLiteral("attention_received"), QStringLiteral("attention_pattern"), QStringLiteral("sink_grid")},
        {QStringLiteral("dark_ratio"), QStringLiteral("spectrogram"), QStringLiteral("hmlv")}};
    QList<QDockWidget*> tops;
    for (const QStringList& column : columns) {
        QList<QDockWidget*> docks;
        for (const QString& id : column) {
            if (QDockWidget* d = dock(id); d && !d->isHidden()) docks << d;
        }
        if (docks.isEmpty()) continue;
        tops << docks.first();
        window_->resizeDocks(docks, QList<int>(docks.size(), window_->height()), Qt::Vertical);
    }
    if (!tops.isEmpty()) window_->resizeDocks(tops, QList<int>(tops.size(), window_->width()), Qt::Horizontal);
    if (QDockWidget* strip = dock(QStringLiteral("token_strip")); strip && !strip->isHidden()) {
        window_->resizeDocks({strip}, {std::max(130, window_->height() / 7)}, Qt::Vertical);
    }
}

void WorkbenchDocks::fillViewMenu(QMenu* menu)
{
    for (Entry& e : entries_) {
        QAction* toggle = e.dock->toggleViewAction();
        toggle->setStatusTip(tr("Show or hide the %1 view").arg(e.descriptor->title));
        menu->addAction(toggle);
    }
    if (!panels_.empty()) menu->addSeparator();
    for (QDockWidget* p : panels_) menu->addAction(p->toggleViewAction());
}

void WorkbenchDocks::setSource(WorkbenchSourcePtr source)
{
    loader_->release(std::exchange(source_, std::move(source)));
    // Figures of the old source are of no use; other work on the loader (the window's cache
    // summary) goes on.
    for (const Entry& e : entries_) loader_->cancel(e.descriptor->id);
    shown_ = session_->selection();
    for (Entry& e : entries_) refresh(e);
    checkSettled();
}

void WorkbenchDocks::showNeed(Entry& e, const QString& text, const QString& action, Remedy remedy)
{
    e.remedy = remedy;
    e.view->setBusy(false);
    e.view->showMessage(text, action);
}

void WorkbenchDocks::refresh(Entry& e)
{
    if (!e.view) return;
    const ViewDescriptor& d = *e.descriptor;
    const bool hasCache = source_ && source_->hasCache();
    const bool hasModel = source_ && source_->hasModel();
    if (!hasCache && !hasModel) {
        showNeed(e, tr("Open a model and run a corpus, or open a cache, to see this view."), tr("Open Cache…"),
                 Remedy::OpenCache);
        return;
    }
    if (d.needsModel && !hasModel) {
        showNeed(e, tr("This view needs the model's weights, which the cache does not hold."), tr("Locate Model…"),
                 Remedy::OpenModel);
        return;
    }
    if (d.needsCache && !hasCache) {
        showNeed(e, tr("Run a corpus through the model to see this view."), tr("Run Corpus…"), Remedy::RunCorpus);
        return;
    }
    e.remedy = Remedy::None;
    // A hidden view is built when it is shown (visibilityChanged), not now.
    e.stale = !e.dock->isVisible() && window_->isVisible();
    if (e.stale) return;
    const ViewRequest request{source_, shown_, e.view->settings()};
    loader_->request(d.id, [build = d.build, request, view = e.view] { return build(request, view); });
}

void WorkbenchDocks::onSelectionChanged(const workbench::Selection& selection)
{
    const unsigned changed = changedParts(shown_, selection);
    shown_ = selection;
    for (Entry& e : entries_) {
        if (!e.view) continue;
        e.view->setSelection(selection);
        if (changed & e.descriptor->dependsOn) refresh(e);
    }
}

void WorkbenchDocks::checkSettled()
{
    // Deferred: a delivered figure's view lays itself out and replots on the next turn.
    QTimer::singleShot(0, this, [this] {
        if (isSettled()) Q_EMIT settled();
    });
}

bool WorkbenchDocks::isSettled() const
{
    if (!loader_->isIdle()) return false;
    for (const Entry& e : entries_) {
        if (!e.view || !e.dock->isVisible()) continue;
        if (e.view->isBusy()) return false;
        if (!e.view->hasFigure() && e.view->emptyText().isEmpty()) return false;
    }
    return true;
}

WorkbenchDocks::Entry* WorkbenchDocks::entry(const QString& id)
{
    for (Entry& e : entries_) {
        if (e.descriptor->id == id) return &e;
    }
    return nullptr;
}

const WorkbenchDocks::Entry* WorkbenchDocks::entry(const QString& id) const
{
    return const_cast<WorkbenchDocks*>(this)->entry(id);
}

widgets::FigureView* WorkbenchDocks::view(const QString& id) const
{
    const Entry* e = entry(id);
    return e ? e->view.data() : nullptr;
}

std::vector<widgets::FigureView*> WorkbenchDocks::views() const
{
    std::vector<widgets::FigureView*> result;
    for (const Entry& e : entries_) {
        if (e.view) result.push_back(e.view);
    }
    return result;
}

QDockWidget* WorkbenchDocks::dock(const QString& id) const
{
    if (const Entry* e = entry(id)) return e->dock;
    for (QDockWidget* p : panels_) {
        if (p->objectName() == id) return p;
    }
    return nullptr;
}

QStringList WorkbenchDocks::openViews() const
{
    QStringList ids;
    for (const Entry& e : entries_) {
        if (!e.dock->isHidden()) ids << e.descriptor->id;
    }
    for (QDockWidget* p : panels_) {
        if (!p->isHidden()) ids << p->objectName();
    }
    return ids;
}

void WorkbenchDocks::setOpenViews(const QStringList& ids)
{
    for (const Entry& e : entries_) e.dock->setVisible(ids.contains(e.descriptor->id));
    for (QDockWidget* p : panels_) p->setVisible(ids.contains(p->objectName()));
}

std::map<std::string, std::string> WorkbenchDocks::viewSettings() const
{
    std::map<std::string, std::string> settings;
    for (const Entry& e : entries_) {
        if (e.view) settings[e.descriptor->id.toStdString()] = e.view->settings().toStdString();
    }
    return settings;
}

void WorkbenchDocks::applyViewSettings(const std::map<std::string, std::string>& settings)
{
    for (Entry& e : entries_) {
        const auto it = settings.find(e.descriptor->id.toStdString());
        if (it == settings.end() || !e.view) continue;
        const QString before = e.view->settings();
        e.view->applySettings(QString::fromStdString(it->second));
        // A setting may ask for another figure (the spectrogram's axis): build it, so that a
        // figure of the old setting, still on its way, cannot put the old setting back.
        if (e.view->settings() != before && source_) refresh(e);
    }
}

} // namespace spectro::gui
