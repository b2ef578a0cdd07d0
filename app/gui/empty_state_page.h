#pragma once
// What the window shows before any model is open: how to open one, and the recent ones.
#include <QWidget>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace spectro::gui {

class RecentFiles;

class EmptyStatePage : public QWidget {
    Q_OBJECT
public:
    explicit EmptyStatePage(RecentFiles* recent, QWidget* parent = nullptr);

Q_SIGNALS:
    void openFileRequested();
    void openFolderRequested();
    void openRecentRequested(const QString& path);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void rebuildRecent();

    RecentFiles* recent_ = nullptr;
    QLabel* icon_ = nullptr;
    QLabel* title_ = nullptr;
    QLabel* hint_ = nullptr;
    QPushButton* openFile_ = nullptr;
    QPushButton* openFolder_ = nullptr;
    QLabel* recentTitle_ = nullptr;
    QVBoxLayout* recentLayout_ = nullptr;
};

} // namespace spectro::gui
