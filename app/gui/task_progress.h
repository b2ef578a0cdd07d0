#pragma once
// The status bar's progress bar, estimated time left and Cancel button, shown only while the
// engine works.
#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace spectro::gui {

class TaskProgress : public QWidget {
    Q_OBJECT
public:
    explicit TaskProgress(QWidget* parent = nullptr);

    void start(const QString& description);
    void setProgress(double fraction, const QString& stage);
    void finish();
    // "1 min 20 s left", from the time so far and the fraction done; "" while too early to tell.
    static QString timeLeft(double fraction, double elapsedSeconds);

Q_SIGNALS:
    void cancelRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    QLabel* label_ = nullptr;
    QProgressBar* bar_ = nullptr;
    QToolButton* cancel_ = nullptr;
    QString description_;
    QElapsedTimer clock_;
};

} // namespace spectro::gui
