// dllab: the desktop lab. Opens a workspace (--workspace, else the default one) in the main
// window; --screenshot renders the window (or the dialog --export, --try or --import-preview
// opened) into a PNG and exits, for docs and checks.
#include "run_dialog_option.h"
#include "screenshot.h"
#include "training/blas_kernels.h"
#include "ui/datasets/table_import_dialog.h"
#include "ui/runs/runs_view.h"
#include "ui/shell/main_window.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QRegularExpression>

#include <cstdio>
#include <functional>
#include <memory>
#include <thread>

namespace {

constexpr int kScreenshotTimeoutMs = 30000;

int fail(const QString &message)
{
    std::fprintf(stderr, "error: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    dllab::training::selectBlasKernels(); // before any thread or BLAS call
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("dllab"));
    QApplication::setApplicationName(QStringLiteral("dllab"));
    QApplication::setApplicationVersion(QStringLiteral(DLLAB_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("dllab, a desktop deep-learning lab"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOption(
        QStringLiteral("workspace"),
        QStringLiteral("The workspace folder (default: $DLLAB_WORKSPACE, else "
                       "$XDG_DATA_HOME/dllab)."),
        QStringLiteral("DIR"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("Render the window into a PNG once the view is populated, then exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption viewOption(
        QStringLiteral("view"),
        QStringLiteral("The view to show: datasets, runs, sweeps, run:ID, sweep:ID."),
        QStringLiteral("VIEW"));
    const QCommandLineOption selectOption(
        QStringLiteral("select"),
        QStringLiteral("Select a dataset version (NAME@vN, or NAME); with --view runs, runs to "
                       "overlay (ids or names, comma-separated); with --view run:ID, a "
                       "confusion-matrix cell TRUE,PREDICTED."),
        QStringLiteral("REF"));
    const QCommandLineOption exportOption(
        QStringLiteral("export"),
        QStringLiteral("With --view run:ID: open the run's Export dialog and export into DIR."),
        QStringLiteral("DIR"));
    const QCommandLineOption tryOption(
        QStringLiteral("try"),
        QStringLiteral("With --view run:ID: open the run's Try it dialog and predict FILE."),
        QStringLiteral("FILE"));
    const QCommandLineOption importPreviewOption(
        QStringLiteral("import-preview"),
        QStringLiteral("Open the table import dialog on the CSV file FILE (a screenshot shows "
                       "it once read)."),
        QStringLiteral("FILE"));
    const QCommandLineOption sizeOption(
        QStringLiteral("size"),
        QStringLiteral("The window's size, WIDTHxHEIGHT (default 1280x800), and the import "
                       "dialog's."),
        QStringLiteral("WxH"));
    parser.addOptions({workspaceOption, screenshotOption, viewOption, selectOption, exportOption,
                       tryOption, importPreviewOption, sizeOption});
    parser.process(app);

    const std::filesystem::path workspaceDir =
        parser.isSet(workspaceOption)
            ? std::filesystem::path(parser.value(workspaceOption).toStdString())
            : dllab::workspace::Workspace::defaultPath();
#ifndef NDEBUG
    // DESIGN.md §3: debug builds abort when the GUI thread touches the workspace.
    dllab::workspace::Database::forbidThread(std::this_thread::get_id());
#endif
    std::unique_ptr<dllab::ui::MainWindow> window;
    try {
        window = std::make_unique<dllab::ui::MainWindow>(workspaceDir);
    } catch (const std::exception &e) {
        return fail(QString::fromUtf8(e.what()));
    }
    if (parser.isSet(viewOption) && !window->setView(parser.value(viewOption)))
        return fail(QStringLiteral("unknown view '%1' (datasets, runs, sweeps, run:ID or sweep:ID)")
                        .arg(parser.value(viewOption)));
    const bool runsView = window->view() == dllab::ui::MainWindow::View::Runs;
    if (parser.isSet(selectOption) && runsView) {
        // The run list is read on a worker; the selection waits for it.
        QObject::connect(window->runsView(), &dllab::ui::RunsView::selectionFailed, &app,
                         [](const QString &message) {
                             std::fprintf(stderr, "error: %s\n", qPrintable(message));
                             QCoreApplication::exit(1);
                         });
        window->runsView()->selectRunsWhenListed(
            parser.value(selectOption).split(QLatin1Char(','), Qt::SkipEmptyParts));
    } else if (parser.isSet(selectOption)
               && window->view() == dllab::ui::MainWindow::View::RunDetail) {
        // --select T,P: the confusion-matrix cell, handled with --export and --try below.
    } else if (parser.isSet(selectOption) && !window->selectVersion(parser.value(selectOption)))
        return fail(
            QStringLiteral("no dataset version %1 in workspace %2")
                .arg(parser.value(selectOption), QString::fromStdString(workspaceDir.string())));

    QSize size(1280, 800);
    if (parser.isSet(sizeOption)) {
        const auto match =
            QRegularExpression(QStringLiteral("^(\\d+)x(\\d+)$")).match(parser.value(sizeOption));
        if (!match.hasMatch())
            return fail(QStringLiteral("--size takes WIDTHxHEIGHT, such as 1024x700, not '%1'")
                            .arg(parser.value(sizeOption)));
        size = QSize(match.captured(1).toInt(), match.captured(2).toInt());
    }
    window->resize(size);
    window->show();
    if (parser.isSet(importPreviewOption)) {
        const QString file = parser.value(importPreviewOption);
        if (!QFileInfo(file).isFile())
            return fail(QStringLiteral("--import-preview: no file %1").arg(file));
        auto *dialog = window->openTableImportDialog(file);
        if (parser.isSet(sizeOption))
            dialog->resize(size);
    }
    std::function<void()> screenshot;
    if (parser.isSet(screenshotOption))
        screenshot = [&window, file = parser.value(screenshotOption)] {
            dllab::app::saveScreenshotWhenReady(*window, file, kScreenshotTimeoutMs);
        };
    const bool detailView = window->view() == dllab::ui::MainWindow::View::RunDetail;
    if (parser.isSet(exportOption) || parser.isSet(tryOption)
        || (detailView && parser.isSet(selectOption))) {
        const QString view = parser.value(viewOption);
        bool ok = false;
        dllab::app::RunDialogRequest request;
        request.runId = view.startsWith(QLatin1String("run:")) ? view.mid(4).toLongLong(&ok) : 0;
        if (!ok)
            return fail(QStringLiteral("--export and --try need --view run:ID"));
        request.exportDir = parser.value(exportOption);
        request.tryFile = parser.value(tryOption);
        if (detailView && parser.isSet(selectOption)) {
            const QStringList cell = parser.value(selectOption).split(QLatin1Char(','));
            bool okTrue = false, okPredicted = false;
            if (cell.size() == 2) {
                request.trueClass = cell[0].toInt(&okTrue);
                request.predicted = cell[1].toInt(&okPredicted);
            }
            if (!okTrue || !okPredicted)
                return fail(QStringLiteral("with --view run:ID, --select takes a confusion-matrix "
                                           "cell TRUE,PREDICTED (class indices), not '%1'")
                                .arg(parser.value(selectOption)));
        }
        // The screenshot waits for the dialog or the cell, which wait for the run.
        dllab::app::openRunDialogWhenListed(*window, request, kScreenshotTimeoutMs, screenshot);
    } else if (screenshot) {
        screenshot();
    }
    return app.exec();
}
