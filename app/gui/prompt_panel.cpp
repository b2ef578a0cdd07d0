#include "prompt_panel.h"

#include "next_token_view.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace spectro::gui {

namespace {

QLabel* makeHeading(QWidget* parent)
{
    auto* label = new QLabel(parent);
    QFont f = label->font();
    f.setWeight(QFont::DemiBold);
    label->setFont(f);
    return label;
}

// Pieces as chips, so that the tokenization (where "▁" word starts fall, byte fallbacks) is
// visible at a glance. The piece spelling is kept: that is what the spectra are indexed by.
QString tokenChips(const QStringList& pieces)
{
    QStringList chips;
    for (const QString& piece : pieces) {
        chips << QStringLiteral("<span style=\"background-color:#e4ecf5; color:#1d3b5c;\">&nbsp;%1&nbsp;</span>")
                     .arg(piece.toHtmlEscaped());
    }
    return chips.join(QStringLiteral(" "));
}

} // namespace

PromptPanel::PromptPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* row = new QHBoxLayout;
    promptLabel_ = new QLabel(this);
    prompt_ = new QLineEdit(this);
    prompt_->setClearButtonEnabled(true);
    promptLabel_->setBuddy(prompt_);
    stepsLabel_ = new QLabel(this);
    steps_ = new QSpinBox(this);
    steps_->setRange(0, 4096);
    steps_->setValue(32);
    stepsLabel_->setBuddy(steps_);
    run_ = new QPushButton(this);
    run_->setDefault(true);
    run_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    row->addWidget(promptLabel_);
    row->addWidget(prompt_, 1);
    row->addSpacing(8);
    row->addWidget(stepsLabel_);
    row->addWidget(steps_);
    row->addWidget(run_);
    layout->addLayout(row);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);

    auto* outputBox = new QWidget(splitter);
    auto* outputLayout = new QVBoxLayout(outputBox);
    outputLayout->setContentsMargins(0, 6, 0, 0);
    outputHeading_ = makeHeading(outputBox);
    tokens_ = new QLabel(outputBox);
    tokens_->setWordWrap(true);
    tokens_->setTextFormat(Qt::RichText);
    tokens_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    tokens_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    output_ = new QTextBrowser(outputBox);
    output_->setOpenLinks(false);
    QFont text = output_->font();
    text.setPointSizeF(text.pointSizeF() * 1.1);
    output_->setFont(text);
    outputLayout->addWidget(outputHeading_);
    outputLayout->addWidget(tokens_);
    outputLayout->addWidget(output_, 1);

    auto* chartBox = new QWidget(splitter);
    auto* chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 6, 0, 0);
    chartHeading_ = makeHeading(chartBox);
    nextTokens_ = new widgets::NextTokenView(chartBox);
    chartLayout->addWidget(chartHeading_);
    chartLayout->addWidget(nextTokens_, 1);

    splitter->addWidget(outputBox);
    splitter->addWidget(chartBox);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);

    connect(run_, &QPushButton::clicked, this, &PromptPanel::requestRun);
    connect(prompt_, &QLineEdit::returnPressed, this, &PromptPanel::requestRun);
    retranslate();
    setModelReady(false);
    renderResult();
}

void PromptPanel::retranslate()
{
    promptLabel_->setText(tr("&Prompt:"));
    prompt_->setPlaceholderText(tr("Type a prompt, e.g. Once upon a time"));
    stepsLabel_->setText(tr("&Steps:"));
    steps_->setToolTip(tr("Number of tokens to generate greedily"));
    run_->setText(tr("&Run"));
    run_->setToolTip(tr("Run the prompt through the model (Enter)"));
    outputHeading_->setText(tr("Greedy continuation"));
    chartHeading_->setText(tr("Next token after the prompt"));
    nextTokens_->setTitle(tr("Top-%1 next-token probabilities (last prompt position)").arg(10));
    renderResult();
}

void PromptPanel::setPrompt(const QString& text, int steps)
{
    prompt_->setText(text);
    steps_->setValue(steps);
}

QString PromptPanel::prompt() const
{
    return prompt_->text();
}

int PromptPanel::steps() const
{
    return steps_->value();
}

void PromptPanel::setModelReady(bool ready)
{
    run_->setEnabled(ready);
}

void PromptPanel::requestRun()
{
    if (run_->isEnabled()) Q_EMIT runRequested(prompt_->text(), steps_->value());
}

void PromptPanel::showResult(const PromptResultPtr& result)
{
    result_ = result;
    renderResult();
    nextTokens_->setData(result_ ? result_->topNext : std::vector<widgets::NextTokenView::Entry>{});
}

void PromptPanel::clearResult()
{
    showResult(nullptr);
}

void PromptPanel::renderResult()
{
    if (!result_) {
        tokens_->setText(QStringLiteral("<span style=\"color:gray;\">%1</span>")
                             .arg(tr("The prompt's tokens appear here after a run.").toHtmlEscaped()));
        output_->clear();
        return;
    }
    tokens_->setText(
        QStringLiteral("<span style=\"color:gray;\">%1</span> %2")
            .arg(tr("Prompt tokens (%1):").arg(result_->tokens.size()).toHtmlEscaped(), tokenChips(result_->pieces)));
    // The prompt in the normal colour, the model's words highlighted: which part is whose must
    // be obvious in a screenshot.
    QString html = QStringLiteral("<p style=\"white-space:pre-wrap;\">%1<span style=\"color:#1f5fa0; "
                                  "background-color:#eef4fb; font-weight:600;\">%2</span></p>")
                       .arg(result_->prompt.toHtmlEscaped(), result_->continuation.toHtmlEscaped());
    QStringList notes;
    notes << tr("Generated tokens: %1").arg(result_->continuationTokens.size())
          << tr("%1 s").arg(QLocale().toString(result_->seconds, 'f', 2));
    if (result_->hitContextLimit) notes << tr("stopped at the model's context limit");
    html += QStringLiteral("<p style=\"color:gray; font-size:small;\">%1</p>")
                .arg(notes.join(QStringLiteral(" · ")).toHtmlEscaped());
    output_->setHtml(html);
}

void PromptPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

} // namespace spectro::gui
