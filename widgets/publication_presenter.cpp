#include "publication_presenter.h"

#include "plot_style.h"

#include <QAction>
#include <QCoreApplication>
#include <QKeySequence>
#include <QSettings>

namespace spectro::widgets {

void setPresenterMode(bool on)
{
    const QString palette = plotStyle().palette;
    PlotStyle style = on ? PlotStyle::presenterStyle(palette) : PlotStyle{};
    style.palette = palette;
    setPlotStyle(style);
}

QAction* createPresenterModeAction(QObject* parent)
{
    auto* action = new QAction(QCoreApplication::translate("PresenterMode", "&Presenter Mode"), parent);
    action->setCheckable(true);
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    action->setStatusTip(
        QCoreApplication::translate("PresenterMode", "Larger text and thicker lines in every view, for a projector"));
    const bool saved = QSettings().value(QLatin1String(kPresenterModeKey), false).toBool();
    action->setChecked(saved);
    setPresenterMode(saved);
    QObject::connect(action, &QAction::toggled, action, [](bool on) {
        setPresenterMode(on);
        QSettings().setValue(QLatin1String(kPresenterModeKey), on);
    });
    return action;
}

} // namespace spectro::widgets
