#pragma once
// A one-line notice across the top of the window, with buttons: "The model of this session moved
// (/old/path) [Locate…] [Dismiss]". It asks without blocking: the views that can show their data
// go on showing it meanwhile (a session whose model moved still shows every cache-fed view).
#include <QString>
#include <QWidget>
#include <functional>
#include <vector>

class QHBoxLayout;
class QLabel;

namespace spectro::gui {

class NoticeBar : public QWidget {
    Q_OBJECT
public:
    struct Action {
        QString text;
        QString toolTip;
        std::function<void()> run; // the notice closes after it ran
    };
    explicit NoticeBar(QWidget* parent = nullptr);

    void showNotice(const QString& text, std::vector<Action> actions);
    void dismiss();
    QString text() const;

Q_SIGNALS:
    void visibilityChanged(bool visible);

private:
    QLabel* label_;
    QHBoxLayout* buttons_;
};

} // namespace spectro::gui
