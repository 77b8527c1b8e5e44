#pragma once
// --screenshot: renders the main window into a PNG once it has settled (the selected version's
// preview has loaded, or timeoutMs passed), then ends the event loop: exit code 0 when the file
// was written, 1 when it was not. GUI thread only.
#include <QString>

namespace dllab::ui {
class MainWindow;
}

namespace dllab::app {

void saveScreenshotWhenReady(ui::MainWindow &window, const QString &file, int timeoutMs);

} // namespace dllab::app
