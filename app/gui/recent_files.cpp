#include "recent_files.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace spectro::gui {

RecentFiles::RecentFiles(QString settingsKey, QString emptyText, QObject* parent)
    : QObject(parent), key_(std::move(settingsKey)), emptyText_(std::move(emptyText))
{
}

QStringList RecentFiles::paths() const
{
    return QSettings().value(key_).toStringList();
}

void RecentFiles::add(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = paths();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxEntries) list.removeLast();
    QSettings().setValue(key_, list);
    Q_EMIT changed();
}

void RecentFiles::clear()
{
    QSettings().remove(key_);
    Q_EMIT changed();
}

void RecentFiles::attach(QMenu* menu)
{
    connect(menu, &QMenu::aboutToShow, this, [this, menu] { populate(menu); });
    populate(menu);
}

void RecentFiles::populate(QMenu* menu)
{
    menu->clear();
    const QStringList list = paths();
    for (int i = 0; i < list.size(); ++i) {
        const QString& path = list[i];
        // Accelerators 1..9 for the newest entries; the full path is in the tooltip and status tip.
        const QString label =
            i < 9 ? QStringLiteral("&%1  %2").arg(i + 1).arg(QFileInfo(path).fileName()) : QFileInfo(path).fileName();
        QAction* action = menu->addAction(label);
        action->setStatusTip(QDir::toNativeSeparators(path));
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setEnabled(QFileInfo::exists(path));
        connect(action, &QAction::triggered, this, [this, path] { Q_EMIT openRequested(path); });
    }
    if (list.isEmpty()) menu->addAction(emptyText_)->setEnabled(false);
    menu->addSeparator();
    QAction* clearAction = menu->addAction(tr("Clear List"));
    clearAction->setEnabled(!list.isEmpty());
    connect(clearAction, &QAction::triggered, this, &RecentFiles::clear);
}

} // namespace spectro::gui
