#include "default_model.h"

#include <QtGlobal>

#include "model/default_model.h"
#include "util/error.h"

namespace spectro::gui {

QString defaultModelPath()
{
    const QString fromEnvironment = qEnvironmentVariable("SPECTRO_DEFAULT_MODEL");
    if (!fromEnvironment.isEmpty()) return fromEnvironment;
    try {
        return QString::fromStdString(spectro::defaultModelPath());
    } catch (const spectro::Error&) {
        return {};  // no demo model shipped: the empty state invites the user to open one
    }
}

} // namespace spectro::gui
