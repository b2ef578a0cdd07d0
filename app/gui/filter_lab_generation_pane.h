#pragma once
// The filter lab's generation tab: a prompt, the number of steps, greedy or sampled (temperature
// and seed), and the continuations without and with the lab's filter side by side
// (widgets/generation_view.h).
#include "filterlab/refilter_service.h"

#include <QWidget>

class QDoubleSpinBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace spectro::widgets {
class GenerationView;
}

namespace spectro::gui {

class FilterLabGenerationPane : public QWidget {
    Q_OBJECT
public:
    explicit FilterLabGenerationPane(QWidget* parent = nullptr);

    // The request for the controls' values (the lab adds its setting).
    filterlab::GenerationRequest request() const;
    void setBusy(bool busy);
    widgets::GenerationView* view() const { return view_; }
    QLineEdit* promptEdit() const { return prompt_; }
    QPushButton* generateButton() const { return generate_; }

Q_SIGNALS:
    void generateRequested();

private:
    QLineEdit* prompt_;
    QSpinBox* steps_;
    QDoubleSpinBox* temperature_;
    QSpinBox* seed_;
    QPushButton* generate_;
    widgets::GenerationView* view_;
};

} // namespace spectro::gui
