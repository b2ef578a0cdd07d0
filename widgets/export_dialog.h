#pragma once
// The dialog behind every view's "Export figure…": where, which format (by extension), the size
// on paper (with the one- and two-column presets), the PNG resolution, the text size and the
// palette (plot_style.h, the same names as `spectroscope-cli figure --palette`), with the view's
// last choices pre-filled.
#include "figure_export.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace spectro::widgets {

// Publication sizes (cm) of a journal's one-column and two-column figures (ACL, IEEE: 8.5 / 17.8).
constexpr double kOneColumnCm = 8.5;
constexpr double kTwoColumnsCm = 17.8;

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const QString& suggestedPath, const ExportOptions& options, QSize screenSize,
                 QWidget* parent = nullptr, const QString& palette = QString());
    QString path() const;
    ExportOptions options() const;
    // The palette of this file (plot_style.h's names); the view is restyled for the export only.
    QString palette() const;

private:
    void browse();
    // A journal column width, a golden-ratio height and, unless one is set, 8 pt text.
    void applyPreset(double widthCm);
    void updateEnabled();

    QLineEdit* path_;
    QCheckBox* screenSize_;
    QDoubleSpinBox* width_;
    QDoubleSpinBox* height_;
    QSpinBox* dpi_;
    QDoubleSpinBox* font_;
    QLineEdit* title_;
    QComboBox* palette_;
};

} // namespace spectro::widgets
