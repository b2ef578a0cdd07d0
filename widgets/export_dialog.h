#pragma once
// The dialog behind every view's "Export figure…": where, which format (by extension), the size
// on paper, the PNG resolution and the text size, with the view's last choices pre-filled.
#include "figure_export.h"

#include <QDialog>

class QCheckBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace spectro::widgets {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const QString& suggestedPath, const ExportOptions& options, QSize screenSize,
                 QWidget* parent = nullptr);
    QString path() const;
    ExportOptions options() const;

private:
    void browse();
    void updateEnabled();

    QLineEdit* path_;
    QCheckBox* screenSize_;
    QDoubleSpinBox* width_;
    QDoubleSpinBox* height_;
    QSpinBox* dpi_;
    QDoubleSpinBox* font_;
    QLineEdit* title_;
};

} // namespace spectro::widgets
