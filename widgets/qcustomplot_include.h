#pragma once
// The project builds with QT_NO_KEYWORDS (Qt's `slots` clashes with libtorch), but Debian's
// qcustomplot.h still spells `signals`, `slots`, `emit` and `foreach`. Map them to the Q_ macros
// for this one header only, so that no other code can come to rely on the lowercase keywords.
// Always include QCustomPlot through this file.
#include <QtGlobal>

#if defined(QT_NO_KEYWORDS)
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
#else
#include <qcustomplot.h>
#endif
