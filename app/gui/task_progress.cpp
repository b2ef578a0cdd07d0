#include "task_progress.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>
#include <algorithm>
#include <cmath>

namespace spectro::gui {

TaskProgress::TaskProgress(QWidget* parent)
    : QWidget(parent), label_(new QLabel(this)), bar_(new QProgressBar(this)), cancel_(new QToolButton(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    bar_->setRange(0, 1000);
    bar_->setFixedWidth(180);
    bar_->setTextVisible(false);
    cancel_->setText(tr("Cancel"));
    cancel_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    cancel_->setAutoRaise(true);
    layout->addWidget(label_);
    layout->addWidget(bar_);
    layout->addWidget(cancel_);
    connect(cancel_, &QToolButton::clicked, this, &TaskProgress::cancelRequested);
    setVisible(false);
}

void TaskProgress::start(const QString& description)
{
    description_ = description;
    label_->setText(description);
    label_->setToolTip(description);
    // Busy indicator until the first real fraction arrives.
    bar_->setRange(0, 0);
    cancel_->setEnabled(true);
    setVisible(true);
}

void TaskProgress::setProgress(double fraction, const QString& stage)
{
    bar_->setRange(0, 1000);
    bar_->setValue(static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * 1000.0)));
    label_->setText(stage.isEmpty() ? description_ : QStringLiteral("%1 — %2").arg(description_, stage));
}

void TaskProgress::finish()
{
    setVisible(false);
}

void TaskProgress::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) cancel_->setText(tr("Cancel"));
    QWidget::changeEvent(event);
}

} // namespace spectro::gui
