#pragma once
// An "Open Recent" list (models, sessions), kept in QSettings so that it survives restarts and is
// shared by every window.
#include <QObject>
#include <QStringList>

class QMenu;

namespace spectro::gui {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxEntries = 10;

    // `settingsKey` names the list in QSettings; `emptyText` is the menu's entry when it is empty.
    RecentFiles(QString settingsKey, QString emptyText, QObject* parent = nullptr);

    QStringList paths() const;
    void add(const QString& path);
    void clear();
    // Fills `menu` from the settings each time it is about to show.
    void attach(QMenu* menu);

Q_SIGNALS:
    void openRequested(const QString& path);
    void changed();

private:
    void populate(QMenu* menu);

    QString key_;
    QString emptyText_;
};

} // namespace spectro::gui
