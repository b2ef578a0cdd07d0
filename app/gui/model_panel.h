#pragma once
// The loaded model's hyper-parameters, format and tokenizer as a two-column property table.
#include "engine_snapshots.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace spectro::gui {

class ModelPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelPanel(QWidget* parent = nullptr);

    void showModel(const ModelSnapshotPtr& model);
    ModelSnapshotPtr model() const { return model_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void addRow(const QString& name, const QString& value, const QString& toolTip = {});
    void addSection(const QString& title);

    QLabel* heading_ = nullptr;
    QLabel* path_ = nullptr;
    QTableWidget* table_ = nullptr;
    ModelSnapshotPtr model_;
};

// "259.9 K", "6.74 B": parameter counts as papers write them (decimal sign of the locale).
QString formatParameterCount(std::int64_t count);

} // namespace spectro::gui
