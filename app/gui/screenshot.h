#pragma once
// --screenshot: renders the main window into a PNG once it has settled (the view has loaded what
// it shows: a version's preview, the run list, runs' metric points; or timeoutMs passed), then ends
// the event loop: exit code 0 when the file was written, 1 when it was not. GUI thread only.
#include <QString>

namespace dllab::ui {
class MainWindow;
}

namespace dllab::app {

void saveScreenshotWhenReady(ui::MainWindow &window, const QString &file, int timeoutMs);

} // namespace dllab::app
