#pragma once
// The filter lab's figures (figures/filter_figures.h) from its engine thread's answers. Cheap
// (copies and subtractions), so the GUI thread builds them when an answer arrives.
#include "figures/filter_figures.h"
#include "filterlab/filter_outcome.h"
#include "filterlab/refilter_service.h"
#include "filterlab/sweep_grid.h"

#include <string>
#include <vector>

namespace spectro::filterlab {

// `sampleIds`: the cache's index of each sample (LabReady::sampleIds; empty: 0, 1, ...).
figures::NllSummaryFigure nllSummaryFigure(const FilterOutcome& outcome, const std::vector<int>& sampleIds = {});

// Sample `index` of the outcome (0-based among its samples; the figure is labelled with
// sampleIds[index]). `vocabulary`: piece of each id (LabReady::vocabulary; "#id" where it has
// none). Throws Error for a sample the outcome does not have.
figures::PerTokenNllFigure perTokenNllFigure(const FilterOutcome& outcome, int index,
                                             const std::vector<std::string>& vocabulary,
                                             const std::vector<int>& sampleIds = {});

// One sweep, or `grid` - `subtract` (Error unless both have the same layers and ks).
figures::SweepFigure sweepFigure(const SweepGrid& grid, const SweepGrid* subtract = nullptr);

// Repeated n-grams and rep-n of each continuation (the prompt is shown, not scored).
figures::GenerationFigure generationFigure(const GenerationOutcome& outcome, const std::vector<std::string>& vocabulary,
                                           int n = 4);

// The spectrum figure with the setting's kept bands shaded (SpectrumFigure::bandsKept).
figures::SpectrumFigure withBandsKept(figures::SpectrumFigure spectrum, const FilterSetting& setting);

} // namespace spectro::filterlab
