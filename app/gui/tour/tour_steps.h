#pragma once
// The guided tour's steps as plain data: what each step says and what it sets (the docks it talks
// about, the selection, view settings, the filter lab's setting and tab). The tour controller
// applies a step; nothing here touches a widget, so a test can read what a step claims and check
// it against what the window then shows.
//
// The tour is written for the demo model (docs/demo-model.md: 4 layers, d = 64, 20 bands) and its
// demo corpus run into the demo cache (8 stories of 128 tokens, what the start page's demo runs);
// the numbers in the texts were measured there with spectroscope-cli, and tests/gui/test_tour.cpp
// checks them against what the views then show.
#include "filterlab/filter_setting.h"
#include "workbench/selection.h"

#include <QString>
#include <QStringList>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace spectro::gui {

struct TourStep {
    // The filter lab's tabs (FilterLabPanel::tabs()).
    enum class LabTab { Live = 0, Sweep = 1, Generation = 2 };

    QString id;        // stable name, for tests and docs
    QString title;     // translated
    QString text;      // translated; two or three sentences (rich text)
    QStringList docks; // dock ids shown and raised, the first one last (on top); "filterlab" is the lab
    workbench::Selection selection;
    std::map<std::string, std::string> viewSettings; // view id -> settings JSON (WorkbenchDocks)
    std::optional<filterlab::FilterSetting> filter;  // the filter lab's controls, when the step uses it
    LabTab labTab = LabTab::Live;
    bool generate = false; // continue the lab's prompt without and with the filter
};

// The demo model's number of bands and layers the steps are written for.
constexpr int kTourBands = 20;
constexpr int kTourLayers = 4;

// The steps, in order: the spectrum and its dark band, the heads and neurons that write into it,
// the BoS sink, the BoS stream's blast-off, filtering without the dark band (Phi_u) and with it
// (Omega_u), the swap, and generation with the filter.
std::vector<TourStep> tourSteps();

} // namespace spectro::gui
