#pragma once
// The figure verb (verbs_figure.cpp; rendered by app/figure). Its own header, so that the verbs
// that do not draw need not see it.
#include "verbs.h"

#include <vector>

namespace spectro::cli {

std::vector<Verb> figureVerbs(); // figure

} // namespace spectro::cli
