#include "notice_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace spectro::gui {

NoticeBar::NoticeBar(QWidget* parent) : QWidget(parent), label_(new QLabel(this)), buttons_(new QHBoxLayout)
{
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xce));
    p.setColor(QPalette::WindowText, QColor(0x3d, 0x30, 0x00));
    setPalette(p);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    auto* icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(16, 16));
    label_->setWordWrap(true);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(icon);
    layout->addWidget(label_, 1);
    layout->addLayout(buttons_);
    auto* close = new QToolButton(this);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss this notice"));
    layout->addWidget(close);
    connect(close, &QToolButton::clicked, this, &NoticeBar::dismiss);
    setVisible(false);
}

void NoticeBar::showNotice(const QString& text, std::vector<Action> actions)
{
    while (QLayoutItem* item = buttons_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    label_->setText(text);
    for (Action& a : actions) {
        auto* button = new QPushButton(a.text, this);
        button->setToolTip(a.toolTip);
        buttons_->addWidget(button);
        connect(button, &QPushButton::clicked, this, [this, run = std::move(a.run)] {
            dismiss();
            if (run) run();
        });
    }
    setVisible(true);
    Q_EMIT visibilityChanged(true);
}

void NoticeBar::dismiss()
{
    setVisible(false);
    Q_EMIT visibilityChanged(false);
}

QString NoticeBar::text() const
{
    return isHidden() ? QString() : label_->text();
}

} // namespace spectro::gui
