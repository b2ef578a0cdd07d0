#include "default_model.h"

#include <QtGlobal>

namespace spectro::gui {

QString defaultModelPath()
{
    return qEnvironmentVariable("SPECTRO_DEFAULT_MODEL");
}

} // namespace spectro::gui
