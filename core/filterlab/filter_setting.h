#pragma once
// What the filter lab's controls say, as one value: the filter (kind, k, a band set, the mixer
// strip's solo and mute, the random seed), where it acts (site, layers, positions) and the swap
// variant. It is what the undo history stores, what the engine thread re-filters and what a
// session saves, so it converts to exactly what `spectroscope-cli sweep` builds for the same
// options (a FilterSpec and an Intervention): the lab's NLL and the CLI's are one computation.
//
// The mixer strip: soloing bands keeps exactly the soloed bands; otherwise muting a band drops it
// from the bands the kind keeps (Phi_{1:k}: 1..k; Omega_k: 1..k and N; a band set: its bands).
// A setting whose mixer changes the kept bands is re-filtered as the band set of the same
// matrix (bands-u for Phi_u / Omega_u, bands-e for Phi_e / Omega_e). Psi and Random are not
// band projectors, so they take no mixer.
#include "experiments/intervention.h"
#include "spectral/filter.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace spectro::filterlab {

struct FilterSetting {
    FilterKind kind = FilterKind::None; // None: the unfiltered model ("reset to unfiltered")
    int k = 0;                          // bands kept by Phi / Psi / Omega; Random: dimension of Phi_{1:k}
    std::vector<int> bands;             // BandsU / BandsE: the 1-based bands kept, sorted
    std::vector<int> solo, mute;        // the mixer strip, 1-based bands, sorted
    std::uint64_t seed = 0;             // Random
    Site site = Site::Resid;            // Resid, MlpOut or AttnOut
    std::vector<int> layers = {0};      // filtered together, sorted
    Positions positions = Positions::All;
    bool swap = false; // replace the removed part by the next sample's instead of deleting it
    // A sink control instead of a filter (experiments/sink_control.h): "bos-zero", "bos-mean",
    // "massive-zero", "massive-mean", ... (controlNames()); kind is then None. Empty: none.
    std::string control;

    bool operator==(const FilterSetting&) const = default;

    // The kinds the lab offers, in the order of its kind selector.
    static std::vector<FilterKind> kinds();
    // Nothing filtered, on the given layers and site (what "reset" leaves of the controls).
    static FilterSetting unfiltered();
    bool isUnfiltered() const { return kind == FilterKind::None && control.empty(); }
    bool isControl() const { return !control.empty(); }
    // e.g. "phi-u k=12 | resid | layer 1 | all" (for titles, provenance and the history menu).
    std::string label() const;
};

// Throws Error naming the field unless the setting fits a model of `layers` layers and `bands`
// bands: k in 0..N, bands / solo / mute in 1..N, layers in 0..L-1 and not empty, site one of
// resid, mlp, attn, no mixer on Psi or Random.
void validate(const FilterSetting& setting, int layers, int bands);

// The bands whose span the filter keeps whole, 1-based ([N] flags), for the spectrum view and the
// mixer strip: Phi_{1:k}: 1..k; Omega_k: 1..k and N; a band set: its bands; then the mixer.
// Psi_k: 1..k (the tail k+1..N loses only what is dark for both W_u and W_e). Random: none (its
// subspace is not made of bands). Unfiltered: every band.
std::vector<bool> keptBands(const FilterSetting& setting, int bands);

// The filter to build, with the mixer folded in (a band set when the mixer changes the bands).
FilterSpec filterSpec(const FilterSetting& setting, int bands);

// The intervention `spectroscope-cli sweep` runs for the same options (`--control` for a
// control, whose means come from `base`, the unfiltered taps of the samples; Error without them).
Intervention intervention(const FilterSetting& setting, FilterFactory& filters,
                          const std::vector<SampleTaps>* base = nullptr);

// Which spectra the setting needs (the lab computes W_e's only when a filter asks for it).
bool needsUnembed(FilterKind kind);
bool needsEmbed(FilterKind kind);

// JSON object text for the session file, and back (Error naming the field on bad input).
std::string toJson(const FilterSetting& setting);
FilterSetting settingFromJson(const std::string& json);

} // namespace spectro::filterlab
