#include "csv_table.h"

#include <QFile>
#include <QTextStream>
#include <cmath>
#include <stdexcept>

namespace spectro::plot {

int CsvTable::column(const QString& name) const
{
    const int i = static_cast<int>(header.indexOf(name));
    if (i < 0) throw std::runtime_error((path + ": no column '" + name + "'").toStdString());
    return i;
}

double CsvTable::number(std::size_t row, int column) const
{
    const QString& cell = rows.at(row).value(column);
    bool ok = false;
    const double v = cell.toDouble(&ok);
    return ok ? v : std::nan("");
}

CsvTable readCsv(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) throw std::runtime_error((path + ": cannot open").toStdString());
    QTextStream in(&file);
    CsvTable t;
    t.path = path;
    if (in.atEnd()) throw std::runtime_error((path + ": empty file").toStdString());
    t.header = in.readLine().split(',');
    while (!in.atEnd()) {
        const QString line = in.readLine();
        if (!line.isEmpty()) t.rows.push_back(line.split(','));
    }
    return t;
}

}  // namespace spectro::plot
