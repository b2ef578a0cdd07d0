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
    cancel_->setToolTip(tr("Stop this task; the session stays as it was (a run resumes where it stopped)"));
    clock_.start();
    setVisible(true);
}

void TaskProgress::setProgress(double fraction, const QString& stage)
{
    bar_->setRange(0, 1000);
    bar_->setValue(static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * 1000.0)));
    QString text = stage.isEmpty() ? description_ : QStringLiteral("%1 — %2").arg(description_, stage);
    const QString left = timeLeft(fraction, clock_.elapsed() / 1000.0);
    if (!left.isEmpty()) text += QStringLiteral(" — ") + left;
    label_->setText(text);
}

QString TaskProgress::timeLeft(double fraction, double elapsedSeconds)
{
    // Before 2 s and 2% the rate is mostly start-up (loading, spectra) and the estimate noise.
    if (fraction < 0.02 || fraction >= 1.0 || elapsedSeconds < 2.0) return {};
    const long long left = std::llround(elapsedSeconds * (1.0 - fraction) / fraction);
    if (left < 60) return tr("%1 s left").arg(left);
    if (left < 3600) return tr("%1 min %2 s left").arg(left / 60).arg(left % 60);
    return tr("%1 h %2 min left").arg(left / 3600).arg((left % 3600) / 60);
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
