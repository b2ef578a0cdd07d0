#pragma once
// Presenter mode: larger text and thicker lines in every open view, for a projector. One
// checkable action (View menu, Ctrl+Shift+P) that sets plot_style.h's style, so every view
// restyles at once; the choice is kept in QSettings ("view/presenterMode") and restored when the
// action is made.
#include <QString>

class QAction;
class QObject;

namespace spectro::widgets {

// The settings key of the presenter mode.
inline const char* const kPresenterModeKey = "view/presenterMode";

// Makes the action (owned by `parent`) and applies the saved choice.
QAction* createPresenterModeAction(QObject* parent);
// Presenter mode on or off, keeping the palette; every open view restyles.
void setPresenterMode(bool on);

} // namespace spectro::widgets
