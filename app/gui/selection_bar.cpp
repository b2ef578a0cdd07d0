#include "selection_bar.h"

#include "session_controller.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <algorithm>

namespace spectro::gui {

SelectionBar::SelectionBar(SessionController* session, QWidget* parent) : QWidget(parent), session_(session)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    auto add = [this, layout](const QString& label, QWidget* control, const QString& tip) {
        auto* l = new QLabel(label, this);
        l->setBuddy(control);
        control->setToolTip(tip);
        layout->addWidget(l);
        layout->addWidget(control);
        layout->addSpacing(8);
    };
    sample_ = new QComboBox(this);
    sample_->setMinimumContentsLength(24);
    sample_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    add(tr("&Sample:"), sample_, tr("The sample of the cache every view shows"));
    token_ = new QSpinBox(this);
    token_->setRange(-1, 0);
    token_->setSpecialValueText(tr("none"));
    add(tr("To&ken:"), token_, tr("The selected token (position in the sample, 0 = BoS); click a token in any view"));
    layer_ = new QSpinBox(this);
    layer_->setRange(0, 0);
    add(tr("&Layer:"), layer_,
        tr("The layer of the attention and aptitude views; the residual stream resid[s] of the stream views "
           "(0 = embeddings, s = exit of layer s-1)"));
    head_ = new QComboBox(this);
    add(tr("&Head:"), head_, tr("The attention head, or the average over heads"));
    matrix_ = new QComboBox(this);
    matrix_->addItem(tr("W_u (unembedding)"), QStringLiteral("unembed"));
    matrix_->addItem(tr("W_e (embedding)"), QStringLiteral("embed"));
    add(tr("&Matrix:"), matrix_, tr("Whose spectrum the spectral views use: W_u (U-dark) or W_e (E-dark)"));
    lockState_ = new QLabel(this);
    unlock_ = new QToolButton(this);
    unlock_->setText(tr("Unlock"));
    unlock_->setToolTip(tr("Release the locked selection, so that hovering previews again (Esc)"));
    layout->addWidget(lockState_);
    layout->addWidget(unlock_);
    layout->addStretch(1);

    connect(sample_, &QComboBox::currentIndexChanged, this, &SelectionBar::request);
    connect(token_, &QSpinBox::valueChanged, this, &SelectionBar::request);
    connect(layer_, &QSpinBox::valueChanged, this, &SelectionBar::request);
    connect(head_, &QComboBox::currentIndexChanged, this, &SelectionBar::request);
    connect(matrix_, &QComboBox::currentIndexChanged, this, &SelectionBar::request);
    connect(unlock_, &QToolButton::clicked, session_, &SessionController::unlock);
    connect(session_, &SessionController::selectionChanged, this, &SelectionBar::showSelection);
    setShape(0, 0);
    showSelection(session_->selection());
}

void SelectionBar::setShape(int layers, int heads)
{
    {
        const QSignalBlocker blockLayer(layer_), blockHead(head_);
        updating_ = true;
        layer_->setRange(0, std::max(0, layers));
        head_->clear();
        head_->addItem(tr("average"), -1);
        for (int h = 0; h < heads; ++h) head_->addItem(QString::number(h), h);
        updating_ = false;
    }
    showSelection(session_->selection());
}

void SelectionBar::setCache(const CacheSummaryPtr& summary)
{
    summary_ = summary;
    {
        const QSignalBlocker block(sample_);
        sample_->clear();
        if (summary) {
            for (std::size_t i = 0; i < summary->samples.size(); ++i) {
                sample_->addItem(QStringLiteral("%1 — %2")
                                     .arg(summary->samples[i])
                                     .arg(summary->snippets.value(static_cast<int>(i))),
                                 summary->samples[i]);
            }
        }
        sample_->setEnabled(summary && !summary->samples.empty());
    }
    if (summary)
        setShape(summary->layers, summary->heads);
    else
        showSelection(session_->selection());
}

void SelectionBar::showSelection(const workbench::Selection& s)
{
    updating_ = true;
    const QSignalBlocker b1(sample_), b2(token_), b3(layer_), b4(head_), b5(matrix_);
    const int at = sample_->findData(s.sample);
    if (at >= 0) sample_->setCurrentIndex(at);
    int tokens = 0;
    if (summary_ && at >= 0) tokens = summary_->tokenCounts.at(static_cast<std::size_t>(at));
    token_->setRange(-1, std::max(0, tokens - 1));
    token_->setValue(s.token);
    layer_->setValue(s.layer);
    head_->setCurrentIndex(std::max(0, head_->findData(s.head)));
    matrix_->setCurrentIndex(std::max(0, matrix_->findData(QString::fromStdString(s.matrix))));
    lockState_->setText(s.locked ? tr("Locked") : tr("hover previews"));
    lockState_->setToolTip(s.locked ? tr("A click or a control locked the selection; hovering does not change it")
                                    : tr("Hovering a view previews a selection; click to lock it"));
    unlock_->setEnabled(s.locked);
    updating_ = false;
}

void SelectionBar::request()
{
    if (updating_) return;
    workbench::Selection s = session_->selection();
    if (sample_->currentIndex() >= 0) s.sample = sample_->currentData().toInt();
    s.token = token_->value();
    s.layer = layer_->value();
    s.head = head_->currentData().toInt();
    s.matrix = matrix_->currentData().toString().toStdString();
    s.locked = true;
    session_->request(s);
}

} // namespace spectro::gui
