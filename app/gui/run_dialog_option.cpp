#include "run_dialog_option.h"

#include "plots/confusion_matrix.h"
#include "ui/runs/export_dialog.h"
#include "ui/runs/run_detail_view.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/runs_view.h"
#include "ui/runs/try_it_dialog.h"
#include "ui/shell/main_window.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace dllab::app {

namespace {

constexpr int kPollMs = 50;

void openDialog(ui::MainWindow &window, const RunDialogRequest &request)
{
    if (!request.exportDir.isEmpty()) {
        ui::ExportDialog *dialog = window.openExportDialog(request.runId);
        dialog->setOutputFolder(request.exportDir);
        dialog->setReplaceExisting(true);
        dialog->startExport();
    } else if (!request.tryFile.isEmpty()) {
        window.openTryItDialog(request.runId)->tryFile(request.tryFile);
    } else {
        window.runDetailView()->confusion()->selectCell(request.trueClass, request.predicted);
    }
}

} // namespace

void openRunDialogWhenListed(ui::MainWindow &window, const RunDialogRequest &request, int timeoutMs,
                             std::function<void()> opened)
{
    // The run list is read on a worker and merged in chunks; poll for the run rather than
    // guessing which listing holds it.
    auto *poll = new QTimer(&window);
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    QObject::connect(
        poll, &QTimer::timeout, &window, [&window, poll, elapsed, request, timeoutMs, opened] {
            // A cell needs the run detail page filled in; a dialog only the run's record.
            const bool ready =
                request.trueClass >= 0
                    ? window.runDetailView()->runId() == request.runId && !window.isLoading()
                    : window.runsView()->model()->runById(request.runId) != nullptr;
            if (ready) {
                poll->stop();
                poll->deleteLater();
                openDialog(window, request);
                if (opened)
                    opened();
            } else if (elapsed->elapsed() > timeoutMs) {
                poll->stop();
                std::fprintf(stderr, "error: no run %lld in this workspace\n",
                             static_cast<long long>(request.runId));
                QCoreApplication::exit(1);
            }
        });
    poll->start(kPollMs);
}

} // namespace dllab::app
