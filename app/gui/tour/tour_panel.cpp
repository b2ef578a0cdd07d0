#include "tour_panel.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace spectro::gui {

TourPanel::TourPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    progress_ = new QLabel(this);
    progress_->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    title_ = new QLabel(this);
    QFont bold = title_->font();
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    bold.setWeight(QFont::DemiBold);
    title_->setFont(bold);
    title_->setWordWrap(true);
    text_ = new QLabel(this);
    text_->setWordWrap(true);
    text_->setTextFormat(Qt::RichText);
    text_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text_->setMinimumWidth(320);
    layout->addWidget(progress_);
    layout->addWidget(title_);
    layout->addWidget(text_, 1);

    auto* buttons = new QHBoxLayout;
    back_ = new QPushButton(this);
    next_ = new QPushButton(this);
    leave_ = new QPushButton(this);
    next_->setDefault(true);
    buttons->addWidget(leave_);
    buttons->addStretch();
    buttons->addWidget(back_);
    buttons->addWidget(next_);
    layout->addLayout(buttons);

    connect(back_, &QPushButton::clicked, this, &TourPanel::backRequested);
    connect(next_, &QPushButton::clicked, this, &TourPanel::onNext);
    connect(leave_, &QPushButton::clicked, this, &TourPanel::leaveRequested);
    // Alt+N / Alt+B work anywhere in the window, in every language (no mnemonic in the translated
    // button texts); the arrows only while the panel has the focus, so that they still move the
    // token in the token strip.
    auto shortcut = [this](const QKeySequence& keys, Qt::ShortcutContext context, void (TourPanel::*slot)()) {
        auto* s = new QShortcut(keys, this);
        s->setContext(context);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::ALT | Qt::Key_N), Qt::WindowShortcut, &TourPanel::onNext);
    shortcut(QKeySequence(Qt::ALT | Qt::Key_B), Qt::WindowShortcut, &TourPanel::backRequested);
    shortcut(QKeySequence(Qt::Key_Right), Qt::WidgetWithChildrenShortcut, &TourPanel::onNext);
    shortcut(QKeySequence(Qt::Key_Left), Qt::WidgetWithChildrenShortcut, &TourPanel::backRequested);
    retranslate();
}

void TourPanel::showStep(int index, int count, const QString& title, const QString& text)
{
    index_ = index;
    count_ = count;
    title_->setText(title);
    text_->setText(text);
    retranslate();
    // The arrows work at once, without a click into the panel first.
    next_->setFocus(Qt::OtherFocusReason);
}

QString TourPanel::shownText() const
{
    return text_->text();
}

void TourPanel::onNext()
{
    if (index_ + 1 >= count_)
        Q_EMIT leaveRequested();
    else
        Q_EMIT nextRequested();
}

void TourPanel::retranslate()
{
    progress_->setText(count_ > 0 ? tr("Guided tour: step %1 of %2").arg(index_ + 1).arg(count_) : tr("Guided tour"));
    back_->setText(tr("Back"));
    back_->setToolTip(tr("The previous step (Left or Alt+B)"));
    back_->setEnabled(index_ > 0);
    const bool last = index_ + 1 >= count_;
    next_->setText(last ? tr("Finish") : tr("Next"));
    next_->setToolTip(last ? tr("Leave the tour; the views stay as they are") : tr("The next step (Right or Alt+N)"));
    leave_->setText(tr("Leave Tour"));
    leave_->setToolTip(tr("Leave the tour at this step (Esc); the views stay as they are"));
}

void TourPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    qApp->installEventFilter(this);
}

void TourPanel::hideEvent(QHideEvent* event)
{
    qApp->removeEventFilter(this);
    QWidget::hideEvent(event);
}

bool TourPanel::eventFilter(QObject* watched, QEvent* event)
{
    // Esc anywhere in this window leaves the tour. The event goes on, so that Esc also does what
    // it does everywhere (unlock the selection the tour locked); a dialog's Esc is the dialog's.
    if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const auto* widget = qobject_cast<QWidget*>(watched);
        if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier && widget &&
            widget->window() == window() && isVisible())
            Q_EMIT leaveRequested();
    }
    return QWidget::eventFilter(watched, event);
}

void TourPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

} // namespace spectro::gui
