#pragma once
// What the window shows before anything is open: the demo in one click (the demo model and its
// demo corpus, run into a cache, every view filled), the guided tour of the demo one click
// further, the ways to open a model, a cache or a session, and the recent sessions and models.
#include <QWidget>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace spectro::gui {

class RecentFiles;

class StartPage : public QWidget {
    Q_OBJECT
public:
    StartPage(RecentFiles* recentSessions, RecentFiles* recentModels, QWidget* parent = nullptr);

    // Enabled only when the demo model and the demo corpus were found.
    void setDemoAvailable(bool available);
    QPushButton* demoButton() const { return demo_; }
    QPushButton* tourButton() const { return tour_; }

Q_SIGNALS:
    void demoRequested();
    void tourRequested();
    void openModelFileRequested();
    void openModelFolderRequested();
    void openCacheRequested();
    void openSessionRequested();
    void openSessionPathRequested(const QString& path);
    void openModelPathRequested(const QString& path);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void rebuildRecent();
    void fillRecent(QVBoxLayout* layout, QLabel* title, RecentFiles* list, bool sessions);

    RecentFiles* recentSessions_;
    RecentFiles* recentModels_;
    QLabel* icon_ = nullptr;
    QLabel* title_ = nullptr;
    QLabel* hint_ = nullptr;
    QPushButton* demo_ = nullptr;
    QPushButton* tour_ = nullptr;
    QPushButton* openFile_ = nullptr;
    QPushButton* openFolder_ = nullptr;
    QPushButton* openCache_ = nullptr;
    QPushButton* openSession_ = nullptr;
    QLabel* sessionsTitle_ = nullptr;
    QLabel* modelsTitle_ = nullptr;
    QVBoxLayout* sessionsLayout_ = nullptr;
    QVBoxLayout* modelsLayout_ = nullptr;
};

} // namespace spectro::gui
