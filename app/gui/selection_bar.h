#pragma once
// The selection as controls, in a tool bar above the views: sample, token, layer (or stream),
// head, matrix, and whether the selection is locked, with the Unlock button (Esc). Choosing in a
// control locks the selection there, as a click in a view does. Keyboard operable: every control
// has a mnemonic and takes the arrow keys.
#include "cache_summary.h"
#include "workbench/selection.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QSpinBox;
class QToolButton;

namespace spectro::gui {

class SessionController;

class SelectionBar : public QWidget {
    Q_OBJECT
public:
    SelectionBar(SessionController* session, QWidget* parent = nullptr);

    // The cache's samples and shape (null: none open).
    void setCache(const CacheSummaryPtr& summary);
    // Layers and heads when only a model is open.
    void setShape(int layers, int heads);

private:
    void showSelection(const workbench::Selection& selection);
    void request(); // the controls' values, locked

    SessionController* session_;
    CacheSummaryPtr summary_;
    QComboBox* sample_;
    QSpinBox* token_;
    QSpinBox* layer_;
    QComboBox* head_;
    QComboBox* matrix_;
    QLabel* lockState_;
    QToolButton* unlock_;
    bool updating_ = false;
};

} // namespace spectro::gui
