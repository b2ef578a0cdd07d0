#include "figures/figure_table.h"

#include <cmath>
#include <cstdio>

namespace spectro::figures {
namespace {

// RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled.
void appendField(std::string& out, const std::string& field)
{
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
        out += field;
        return;
    }
    out += '"';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void appendRow(std::string& out, const std::vector<std::string>& row)
{
    for (std::size_t i = 0; i < row.size(); ++i) {
        if (i > 0) out += ',';
        appendField(out, row[i]);
    }
    out += '\n';
}

// A provenance value on one comment line: line breaks would end the comment and start a row.
std::string oneLine(std::string text)
{
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return text;
}

} // namespace

void FigureTable::addRow(std::vector<std::string> row)
{
    rows.push_back(std::move(row));
}

std::string FigureTable::csv() const
{
    std::string out;
    for (const auto& [key, value] : provenance) out += "# " + oneLine(key) + ": " + oneLine(value) + "\n";
    appendRow(out, columns);
    for (const auto& row : rows) appendRow(out, row);
    return out;
}

std::string formatNumber(double value)
{
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", value);
    return text;
}

} // namespace spectro::figures
