#pragma once
// The guided tour's panel (docked in the workbench): the step's title, its two or three sentences,
// where the tour is ("Step 3 of 8") and Back / Next / Leave. Keys: Right / Left while the panel
// has the focus, Alt+N / Alt+B anywhere in the window, Esc leaves (and, as everywhere in the
// window, unlocks the selection). It only shows and asks; the tour controller applies the steps.
#include <QWidget>

class QLabel;
class QPushButton;

namespace spectro::gui {

class TourPanel : public QWidget {
    Q_OBJECT
public:
    explicit TourPanel(QWidget* parent = nullptr);

    // index is 0-based; the last step's Next reads "Finish" and leaves.
    void showStep(int index, int count, const QString& title, const QString& text);
    int shownIndex() const { return index_; }
    QString shownText() const;
    QPushButton* backButton() const { return back_; }
    QPushButton* nextButton() const { return next_; }
    QPushButton* leaveButton() const { return leave_; }

Q_SIGNALS:
    void backRequested();
    void nextRequested();
    void leaveRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void onNext();

    QLabel* progress_;
    QLabel* title_;
    QLabel* text_;
    QPushButton* back_;
    QPushButton* next_;
    QPushButton* leave_;
    int index_ = -1, count_ = 0;
};

} // namespace spectro::gui
