#pragma once
// The table a figure shows, as its CSV export writes it: a commented provenance header, one
// header row, then rows. Numbers are written with at least 7 significant digits (%.9g), so a
// table re-read equals the figure's data to float precision.
#include <map>
#include <string>
#include <vector>

namespace spectro::figures {

// Where a figure's numbers come from, as "# key: value" lines of its CSV (and the metadata of
// its PDF / SVG / PNG): cache, model fingerprint, sample, layer, ... (figures/provenance.h).
using Provenance = std::map<std::string, std::string>;

struct FigureTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    // Written as "# key: value" lines before the header: model fingerprint, cache, filter,
    // bands, app version (figures/provenance.h fills the common keys).
    Provenance provenance;

    void addRow(std::vector<std::string> row);
    // RFC 4180 CSV with '\n' line ends.
    std::string csv() const;
};

std::string formatNumber(double value); // %.9g; "nan", "inf", "-inf" for non-finite values

}  // namespace spectro::figures
