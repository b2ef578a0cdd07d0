#pragma once
// Prompt in, greedy continuation and next-token distribution out. Keeps showing the previous
// result until a new one arrives, so a superseded or failed run never blanks the view.
#include "engine_snapshots.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace spectro::widgets {
class NextTokenView;
}

namespace spectro::gui {

class PromptPanel : public QWidget {
    Q_OBJECT
public:
    explicit PromptPanel(QWidget* parent = nullptr);

    void setPrompt(const QString& text, int steps);
    QString prompt() const;
    int steps() const;
    void setModelReady(bool ready);
    void showResult(const PromptResultPtr& result);
    void clearResult();
    widgets::NextTokenView* nextTokenView() const { return nextTokens_; }

Q_SIGNALS:
    void runRequested(const QString& prompt, int steps);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void requestRun();
    void renderResult();

    QLabel* promptLabel_ = nullptr;
    QLineEdit* prompt_ = nullptr;
    QLabel* stepsLabel_ = nullptr;
    QSpinBox* steps_ = nullptr;
    QPushButton* run_ = nullptr;
    QLabel* outputHeading_ = nullptr;
    QLabel* tokens_ = nullptr;
    QTextBrowser* output_ = nullptr;
    QLabel* chartHeading_ = nullptr;
    widgets::NextTokenView* nextTokens_ = nullptr;
    PromptResultPtr result_;
};

} // namespace spectro::gui
