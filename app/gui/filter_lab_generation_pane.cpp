#include "filter_lab_generation_pane.h"

#include "generation_view.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace spectro::gui {

FilterLabGenerationPane::FilterLabGenerationPane(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    prompt_ = new QLineEdit(QStringLiteral("Once upon a time"), this);
    prompt_->setToolTip(tr("The prompt both continuations start from (BoS is added)"));
    steps_ = new QSpinBox(this);
    steps_->setRange(1, 512);
    steps_->setValue(48);
    steps_->setToolTip(tr("Tokens to generate"));
    temperature_ = new QDoubleSpinBox(this);
    temperature_->setRange(0, 5);
    temperature_->setSingleStep(0.1);
    temperature_->setToolTip(
        tr("0: greedy; above 0: sampled with the seed (both continuations draw the same random numbers)"));
    seed_ = new QSpinBox(this);
    seed_->setRange(0, 1 << 30);
    seed_->setToolTip(tr("Seed of the sampling"));
    generate_ = new QPushButton(tr("Generate"), this);
    generate_->setToolTip(tr("Continue the prompt without and with the filter, side by side"));
    bar->addWidget(new QLabel(tr("Prompt:"), this));
    bar->addWidget(prompt_, 1);
    bar->addWidget(new QLabel(tr("Steps:"), this));
    bar->addWidget(steps_);
    bar->addWidget(new QLabel(tr("Temperature:"), this));
    bar->addWidget(temperature_);
    bar->addWidget(new QLabel(tr("Seed:"), this));
    bar->addWidget(seed_);
    bar->addWidget(generate_);
    layout->addLayout(bar);
    view_ = new widgets::GenerationView(this);
    layout->addWidget(view_, 1);
    connect(generate_, &QPushButton::clicked, this, &FilterLabGenerationPane::generateRequested);
    connect(prompt_, &QLineEdit::returnPressed, this, &FilterLabGenerationPane::generateRequested);
}

filterlab::GenerationRequest FilterLabGenerationPane::request() const
{
    filterlab::GenerationRequest r;
    r.text = prompt_->text().toStdString();
    r.steps = steps_->value();
    r.temperature = temperature_->value();
    r.seed = static_cast<std::uint64_t>(seed_->value());
    return r;
}

void FilterLabGenerationPane::setBusy(bool busy)
{
    generate_->setText(busy ? tr("Generating…") : tr("Generate"));
}

} // namespace spectro::gui
