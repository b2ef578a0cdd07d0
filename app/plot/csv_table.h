#pragma once
// Reads the CSV files that spectroscope-cli writes (header row, comma separated, no quoting).
#include <QString>
#include <QStringList>
#include <vector>

namespace spectro::plot {

struct CsvTable {
    QString path;
    QStringList header;
    std::vector<QStringList> rows;

    // Column index by name; throws std::runtime_error naming the file and column when absent.
    int column(const QString& name) const;
    double number(std::size_t row, int column) const;  // NaN for "" / "nan"
};

// Throws std::runtime_error naming the file when it cannot be read or has no header.
CsvTable readCsv(const QString& path);

}  // namespace spectro::plot
