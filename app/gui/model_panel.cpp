#include "model_panel.h"

#include <QEvent>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace spectro::gui {

QString formatParameterCount(std::int64_t count)
{
    const double n = static_cast<double>(count);
    if (n >= 1e9) return QLocale().toString(n / 1e9, 'f', 2) + QStringLiteral(" B");
    if (n >= 1e6) return QLocale().toString(n / 1e6, 'f', 1) + QStringLiteral(" M");
    if (n >= 1e3) return QLocale().toString(n / 1e3, 'f', 1) + QStringLiteral(" K");
    return QString::number(count);
}

ModelPanel::ModelPanel(QWidget* parent)
    : QWidget(parent), heading_(new QLabel(this)), path_(new QLabel(this)), table_(new QTableWidget(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    QFont headingFont = heading_->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.25);
    headingFont.setWeight(QFont::DemiBold);
    heading_->setFont(headingFont);
    path_->setWordWrap(true);
    path_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    path_->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    layout->addWidget(heading_);
    layout->addWidget(path_);

    table_->setColumnCount(2);
    table_->horizontalHeader()->setVisible(false);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::ContiguousSelection);
    table_->setShowGrid(false);
    table_->setAlternatingRowColors(true);
    table_->setFocusPolicy(Qt::NoFocus);
    table_->setWordWrap(false);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
    layout->addWidget(table_, 1);
    rebuild();
}

void ModelPanel::showModel(const ModelSnapshotPtr& model)
{
    model_ = model;
    rebuild();
}

void ModelPanel::addSection(const QString& title)
{
    const int row = table_->rowCount();
    table_->insertRow(row);
    auto* item = new QTableWidgetItem(title);
    QFont bold = item->font();
    bold.setWeight(QFont::DemiBold);
    item->setFont(bold);
    table_->setItem(row, 0, item);
    table_->setSpan(row, 0, 1, 2);
}

void ModelPanel::addRow(const QString& name, const QString& value, const QString& toolTip)
{
    const int row = table_->rowCount();
    table_->insertRow(row);
    auto* nameItem = new QTableWidgetItem(name);
    nameItem->setForeground(palette().color(QPalette::PlaceholderText));
    auto* valueItem = new QTableWidgetItem(value);
    // Numbers line up in a fixed-width font, and can be copied exactly as shown.
    valueItem->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    valueItem->setToolTip(toolTip.isEmpty() ? value : toolTip);
    table_->setItem(row, 0, nameItem);
    table_->setItem(row, 1, valueItem);
}

void ModelPanel::rebuild()
{
    heading_->setText(model_ ? QFileInfo(model_->path).fileName() : tr("No model"));
    path_->setText(model_ ? model_->path : QString());
    path_->setVisible(model_ != nullptr);
    table_->clearSpans();
    table_->setRowCount(0);
    if (!model_) return;

    const QLocale locale;
    const ModelConfig& c = model_->config;
    const auto number = [&locale](std::int64_t n) { return locale.toString(static_cast<qlonglong>(n)); };
    addSection(tr("Checkpoint"));
    addRow(tr("Format"), model_->format);
    addRow(tr("Stored dtype"), model_->storedDType);
    addRow(tr("Parameters"), formatParameterCount(model_->parameterCount), number(model_->parameterCount));
    addSection(tr("Architecture"));
    addRow(tr("Width (dim)"), number(c.dim));
    addRow(tr("Hidden dim (SwiGLU)"), number(c.hiddenDim));
    addRow(tr("Layers"), number(c.nLayers));
    addRow(tr("Heads"), number(c.nHeads), tr("head dim %1").arg(c.headDim()));
    addRow(tr("KV heads"), number(c.nKvHeads),
           c.nKvHeads < c.nHeads ? tr("grouped-query attention") : tr("multi-head attention"));
    addRow(tr("Vocabulary"), number(c.vocabSize));
    addRow(tr("Context"), number(c.maxSeqLen));
    addRow(tr("RoPE theta"), locale.toString(c.ropeTheta, 'g', 8));
    addRow(tr("Norm eps"), QString::number(c.normEps, 'g', 3));
    addRow(tr("Tied embeddings"), c.tiedEmbeddings ? tr("yes") : tr("no"));
    addSection(tr("Tokenizer"));
    if (model_->tokenizerSource.isEmpty()) {
        addRow(tr("Source"), tr("none found"));
    } else {
        // "sentencepiece:/path/tok.model" reads better as kind + file name; the tooltip keeps the path.
        const QString source = model_->tokenizerSource;
        const int colon = source.indexOf(QLatin1Char(':'));
        const QString kind = colon > 0 ? source.left(colon) : QString();
        const QString file = QFileInfo(colon > 0 ? source.mid(colon + 1) : source).fileName();
        addRow(tr("Source"), kind.isEmpty() ? file : QStringLiteral("%1 (%2)").arg(file, kind), source);
        addRow(tr("Vocabulary"), number(model_->tokenizerVocabSize));
    }
}

void ModelPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) rebuild();
    QWidget::changeEvent(event);
}

} // namespace spectro::gui
