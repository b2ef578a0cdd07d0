#include "export_dialog.h"

#include "plot_style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <algorithm>

namespace spectro::widgets {

ExportDialog::ExportDialog(const QString& suggestedPath, const ExportOptions& options, QSize screenSize,
                           QWidget* parent, const QString& palette)
    : QDialog(parent)
{
    setWindowTitle(tr("Export Figure"));
    auto* form = new QFormLayout(this);

    path_ = new QLineEdit(suggestedPath, this);
    path_->setToolTip(tr("The file to write; its extension picks the format: .pdf and .svg (vector) or .png"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setToolTip(tr("Choose the file and its format"));
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(path_, 1);
    pathRow->addWidget(browse);
    form->addRow(tr("&File:"), pathRow);

    const bool onScreen = options.widthCm <= 0 || options.heightCm <= 0;
    screenSize_ = new QCheckBox(tr("As on screen"), this);
    screenSize_->setChecked(onScreen);
    screenSize_->setToolTip(tr("Export at the view's size on screen (96 pixels per inch)"));
    form->addRow(tr("Size:"), screenSize_);

    auto makeCm = [this](double value, double screen) {
        auto* box = new QDoubleSpinBox(this);
        box->setRange(1.0, 500.0);
        box->setDecimals(1);
        box->setSingleStep(0.5);
        box->setSuffix(tr(" cm"));
        box->setValue(value > 0 ? value : screen);
        return box;
    };
    width_ = makeCm(options.widthCm, screenSize.width() / 96.0 * 2.54);
    width_->setToolTip(tr("Width of the figure on paper"));
    height_ = makeCm(options.heightCm, screenSize.height() / 96.0 * 2.54);
    height_->setToolTip(tr("Height of the figure on paper"));
    form->addRow(tr("&Width:"), width_);
    form->addRow(tr("&Height:"), height_);
    auto* presets = new QHBoxLayout;
    auto* oneColumn = new QPushButton(tr("One column (%1 cm)").arg(kOneColumnCm), this);
    oneColumn->setToolTip(tr("The width of one column of a two-column paper (ACL, IEEE), 8 pt text"));
    connect(oneColumn, &QPushButton::clicked, this, [this] { applyPreset(kOneColumnCm); });
    auto* twoColumns = new QPushButton(tr("Two columns (%1 cm)").arg(kTwoColumnsCm), this);
    twoColumns->setToolTip(tr("The full text width of a two-column paper, 8 pt text"));
    connect(twoColumns, &QPushButton::clicked, this, [this] { applyPreset(kTwoColumnsCm); });
    presets->addWidget(oneColumn);
    presets->addWidget(twoColumns);
    presets->addStretch(1);
    form->addRow(tr("Paper:"), presets);

    dpi_ = new QSpinBox(this);
    dpi_->setRange(36, 2400);
    dpi_->setSingleStep(50);
    dpi_->setSuffix(tr(" dpi"));
    dpi_->setValue(options.dpi);
    dpi_->setToolTip(tr("Resolution of a PNG export (PDF and SVG are vector and need none)"));
    form->addRow(tr("&Resolution:"), dpi_);

    font_ = new QDoubleSpinBox(this);
    font_->setRange(0.0, 72.0);
    font_->setDecimals(1);
    font_->setSpecialValueText(tr("as on screen"));
    font_->setSuffix(tr(" pt"));
    font_->setValue(options.fontPt);
    font_->setToolTip(tr("Size of the figure's text on paper; the figure's layout scales with it"));
    form->addRow(tr("&Text size:"), font_);

    palette_ = new QComboBox(this);
    for (const QString& name : paletteNames())
        palette_->addItem(name + QStringLiteral(" \u2013 ") + paletteDescription(name), name);
    const int current = palette_->findData(palette.isEmpty() ? plotStyle().palette : palette);
    palette_->setCurrentIndex(std::max(0, current));
    palette_->setToolTip(tr("Colours of this file; every colour map has a monotone luminance and prints in grey"));
    form->addRow(tr("&Palette:"), palette_);

    title_ = new QLineEdit(options.title, this);
    title_->setToolTip(tr("Stored in the file's metadata together with the figure's provenance"));
    form->addRow(tr("&Title:"), title_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);

    connect(screenSize_, &QCheckBox::toggled, this, &ExportDialog::updateEnabled);
    connect(path_, &QLineEdit::textChanged, this, &ExportDialog::updateEnabled);
    updateEnabled();
}

QString ExportDialog::path() const
{
    return path_->text();
}

ExportOptions ExportDialog::options() const
{
    ExportOptions o;
    if (!screenSize_->isChecked()) {
        o.widthCm = width_->value();
        o.heightCm = height_->value();
    }
    o.dpi = dpi_->value();
    o.fontPt = font_->value();
    o.title = title_->text();
    return o;
}

QString ExportDialog::palette() const
{
    return palette_->currentData().toString();
}

void ExportDialog::browse()
{
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export Figure"), path_->text(), figureExportFilter());
    if (!chosen.isEmpty()) path_->setText(chosen);
}

void ExportDialog::applyPreset(double widthCm)
{
    screenSize_->setChecked(false);
    width_->setValue(widthCm);
    height_->setValue(widthCm / 1.618);
    if (font_->value() <= 0) font_->setValue(8.0);
}

void ExportDialog::updateEnabled()
{
    width_->setEnabled(!screenSize_->isChecked());
    height_->setEnabled(!screenSize_->isChecked());
    const QString suffix = QFileInfo(path_->text()).suffix().toLower();
    dpi_->setEnabled(suffix != QLatin1String("pdf") && suffix != QLatin1String("svg"));
}

} // namespace spectro::widgets
