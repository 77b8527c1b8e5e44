#pragma once
// --export DIR, --try FILE and --select T,P with --view run:ID: open the run's Export dialog and
// export into DIR, or its Try it dialog and predict FILE, or click the confusion-matrix cell
// (true T, predicted P), once the run is shown — for screenshots and for checking by hand. GUI
// thread only.
#include <QString>

#include <functional>

namespace dllab::ui {
class MainWindow;
}

namespace dllab::app {

struct RunDialogRequest {
    qint64 runId = 0;
    QString exportDir;                  // --export
    QString tryFile;                    // --try
    int trueClass = -1, predicted = -1; // --select T,P
};

// Calls `opened` once the dialog is open and its work started. Exits the event loop with 1 and a
// message on stderr when the run does not appear in time.
void openRunDialogWhenListed(ui::MainWindow &window, const RunDialogRequest &request, int timeoutMs,
                             std::function<void()> opened);

} // namespace dllab::app
