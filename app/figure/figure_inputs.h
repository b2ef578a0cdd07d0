#pragma once
// What the figures of one `figure` command are built from: the session file (when given), the
// model (loaded once) and the cache, which a --text run makes first when asked. The selection is
// the session's with the command's overrides; each view's settings the session's merged with
// --settings.
#include "figure_request.h"
#include "view_registry.h"
#include "workbench/session.h"

#include <QString>
#include <QTemporaryDir>
#include <memory>

namespace spectro::gui {
struct LoadedModel;
}

namespace spectro::figure {

class FigureInputs {
public:
    // Loads what `request` names; throws Error naming the file that cannot be read.
    explicit FigureInputs(const FigureRequest& request);
    ~FigureInputs();

    const gui::WorkbenchSourcePtr& source() const { return source_; }
    const workbench::Selection& selection() const { return selection_; }
    const workbench::Session& session() const { return session_; }
    bool hasSession() const { return hasSession_; }
    // The model, or an Error saying that `what` needs one.
    const gui::LoadedModel& model(const std::string& what) const;
    // The settings of `viewId` as a JSON object text (the session's, then --settings).
    QString settingsOf(const QString& viewId) const;

private:
    workbench::Session session_;
    bool hasSession_ = false;
    workbench::Selection selection_;
    std::string overrides_; // --settings
    std::unique_ptr<gui::LoadedModel> model_;
    std::unique_ptr<QTemporaryDir> scratch_; // the cache of a --text run without --cache
    gui::WorkbenchSourcePtr source_;
};

} // namespace spectro::figure
