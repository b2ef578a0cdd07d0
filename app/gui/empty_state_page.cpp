#include "empty_state_page.h"

#include "recent_files.h"

#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace spectro::gui {

EmptyStatePage::EmptyStatePage(RecentFiles* recent, QWidget* parent) : QWidget(parent), recent_(recent)
{
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(2);

    auto* column = new QVBoxLayout;
    column->setSpacing(10);
    icon_ = new QLabel(this);
    icon_->setPixmap(QIcon(QStringLiteral(":/icons/spectroscope.svg")).pixmap(96, 96));
    icon_->setAlignment(Qt::AlignCenter);
    title_ = new QLabel(this);
    QFont big = title_->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setWeight(QFont::DemiBold);
    title_->setFont(big);
    title_->setAlignment(Qt::AlignCenter);
    hint_ = new QLabel(this);
    hint_->setAlignment(Qt::AlignCenter);
    hint_->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    column->addWidget(icon_);
    column->addWidget(title_);
    column->addWidget(hint_);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    openFile_ = new QPushButton(this);
    openFolder_ = new QPushButton(this);
    openFile_->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    openFolder_->setIcon(style()->standardIcon(QStyle::SP_DirOpenIcon));
    buttons->addWidget(openFile_);
    buttons->addWidget(openFolder_);
    buttons->addStretch();
    column->addSpacing(6);
    column->addLayout(buttons);

    recentTitle_ = new QLabel(this);
    recentTitle_->setAlignment(Qt::AlignCenter);
    recentLayout_ = new QVBoxLayout;
    recentLayout_->setSpacing(2);
    column->addSpacing(12);
    column->addWidget(recentTitle_);
    column->addLayout(recentLayout_);

    outer->addLayout(column);
    outer->addStretch(3);

    connect(openFile_, &QPushButton::clicked, this, &EmptyStatePage::openFileRequested);
    connect(openFolder_, &QPushButton::clicked, this, &EmptyStatePage::openFolderRequested);
    connect(recent_, &RecentFiles::changed, this, &EmptyStatePage::rebuildRecent);
    retranslate();
}

void EmptyStatePage::retranslate()
{
    title_->setText(tr("No model loaded"));
    hint_->setText(tr("Open a model: File > Open Model…"));
    openFile_->setText(tr("Open Model File…"));
    openFolder_->setText(tr("Open Hugging Face Folder…"));
    recentTitle_->setText(tr("Recent models"));
    rebuildRecent();
}

void EmptyStatePage::rebuildRecent()
{
    while (QLayoutItem* item = recentLayout_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const QStringList paths = recent_->paths().mid(0, 5);
    recentTitle_->setVisible(!paths.isEmpty());
    for (const QString& path : paths) {
        auto* link = new QLabel(this);
        link->setAlignment(Qt::AlignCenter);
        link->setText(QStringLiteral("<a href=\"%1\">%2</a>")
                          .arg(path.toHtmlEscaped(), QFileInfo(path).fileName().toHtmlEscaped()));
        link->setToolTip(QDir::toNativeSeparators(path));
        connect(link, &QLabel::linkActivated, this, &EmptyStatePage::openRecentRequested);
        recentLayout_->addWidget(link);
    }
}

void EmptyStatePage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

} // namespace spectro::gui
