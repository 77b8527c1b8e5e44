// The Export and Try it dialogs on real trained runs: an iris MLP and an MLP on the 500 MNIST
// PNGs, trained by the engine in a temporary workspace. Export writes every format through the
// real exporter and shows the files and the parity check; a second export into the same folder
// is refused without touching it, and closing the dialog mid-export leaves the job to end on its
// own; Try it answers a typed iris row, a dropped digit and bad input. A run cancelled after an
// epoch has no trained model, so neither is offered for it.
#include "gui_test_helpers.h"

#include "datasets/dataset_store.h"
#include "export/model_tryout.h"
#include "plots/class_distribution_chart.h"
#include "plots/confusion_matrix.h"
#include "plots/probability_chart.h"
#include "plots/regression_chart.h"
#include "training/trainer.h"
#include "ui/runs/export_dialog.h"
#include "ui/runs/run_actions.h"
#include "ui/runs/run_detail_view.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/runs_view.h"
#include "ui/runs/try_it_dialog.h"
#include "ui/shell/job_runner.h"
#include "workspace/workspace.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QThreadPool>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <stop_token>

using namespace dllab;
using dllab::test::sharedData;
using nlohmann::json;

namespace {

constexpr int kJobTimeoutMs = 60000;

qint64 trainRun(const QString &dir, const std::string &name, const QString &data, json spec)
{
    workspace::Database::ThreadPermit permit; // as another process would
    workspace::Workspace ws(dir.toStdString());
    datasets::DatasetStore(ws).importFiles(name, {data.toStdString()}, {}, "test data", {});
    spec["dataset"] = name;
    const int64_t id = training::createRun(ws, spec);
    const training::TrainOutcome outcome = training::trainRun(ws, id, {});
    if (outcome.status != training::RunStatus::Finished)
        qFatal("training %s ended %s: %s", name.c_str(), training::statusName(outcome.status),
               outcome.error.c_str());
    return id;
}

// Stops its run once the first epoch is committed: the run ends cancelled with a checkpoint but
// no trained model.
struct StopAfterFirstEpoch : training::TrainObserver {
    std::stop_source stop;
    void onEpoch(int64_t, int64_t, int64_t) override { stop.request_stop(); }
};

qint64 cancelledRun(const QString &dir, json spec)
{
    workspace::Database::ThreadPermit permit; // as another process would
    workspace::Workspace ws(dir.toStdString());
    const int64_t id = training::createRun(ws, spec);
    StopAfterFirstEpoch observer;
    JobContext ctx;
    ctx.stop = observer.stop.get_token();
    const training::TrainOutcome outcome = training::trainRun(ws, id, ctx, {.observer = &observer});
    if (outcome.status != training::RunStatus::Cancelled)
        qFatal("the run to cancel ended %s: %s", training::statusName(outcome.status),
               outcome.error.c_str());
    return id;
}

QStringList tableColumn(const QTableWidget *table, int column)
{
    QStringList cells;
    for (int row = 0; row < table->rowCount(); ++row)
        cells << table->item(row, column)->text();
    return cells;
}

double sum(const plots::ProbabilityChart::Probabilities &probabilities)
{
    double total = 0;
    for (const auto &entry : probabilities)
        total += entry.second;
    return total;
}

} // namespace

class TestExportTryIt : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_iris = trainRun(m_dir.path(), "iris", sharedData(QStringLiteral("iris.csv")),
                          {{"model", {{"arch", "mlp"}}},
                           {"epochs", 30},
                           {"batch_size", 16},
                           {"optimizer", {{"name", "adam"}, {"lr", 0.01}}},
                           {"seed", 0}});
        m_digits = trainRun(m_dir.path(), "digits", sharedData(QStringLiteral("mnist-png-500")),
                            {{"model", {{"arch", "mlp"}, {"hidden", json::array({64})}}},
                             {"epochs", 5},
                             {"seed", 0}});
        // gapminder's last column, fertility, is a number with many values: a regression.
        m_regression =
            trainRun(m_dir.path(), "gapminder", sharedData(QStringLiteral("gapminder.csv")),
                     {{"model", {{"arch", "mlp"}, {"hidden", json::array({32})}}},
                      {"epochs", 30},
                      {"batch_size", 32},
                      {"seed", 0}});
        m_cancelled = cancelledRun(
            m_dir.path(),
            {{"dataset", "iris"}, {"model", {{"arch", "mlp"}}}, {"epochs", 30}, {"seed", 0}});
        m_window = std::make_unique<ui::MainWindow>(m_dir.path().toStdString());
        m_window->setView(ui::MainWindow::View::Runs);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->runsView()->model()->runById(m_cancelled) != nullptr,
                                 kJobTimeoutMs);
    }

    void cleanupTestCase() { m_window.reset(); }

    void exportAndTryAreOfferedForAFinishedRun()
    {
        ui::RunActions actions;
        actions.setRun(m_iris, training::RunStatus::Finished);
        QVERIFY(actions.exportButton()->isEnabled());
        QVERIFY(actions.tryItButton()->isEnabled());
        actions.setRun(m_iris, training::RunStatus::Running);
        QVERIFY(!actions.exportButton()->isEnabled());
        QVERIFY(!actions.tryItButton()->isEnabled());
    }

    void exportAndTryNeedATrainedModel()
    {
        // The engine has nothing to try for a cancelled run: only a finished one gets a model.
        bool refused = false;
        try {
            workspace::Database::ThreadPermit permit; // as another process would
            workspace::Workspace ws(m_dir.path().toStdString());
            exporting::ModelTryout(ws, std::to_string(m_cancelled));
        } catch (const std::exception &) {
            refused = true;
        }
        QVERIFY(refused);

        ui::RunDetailView *detail = m_window->runDetailView();
        QVERIFY(m_window->setView(QStringLiteral("run:%1").arg(m_cancelled)));
        QTRY_COMPARE(detail->runId(), m_cancelled);
        QVERIFY(detail->record().status == training::RunStatus::Cancelled);
        QVERIFY(!detail->actions()->exportButton()->isEnabled());
        QVERIFY(!detail->actions()->tryItButton()->isEnabled());
        QVERIFY(detail->actions()->resumeButton()->isEnabled());

        QVERIFY(m_window->setView(QStringLiteral("run:%1").arg(m_iris)));
        QTRY_COMPARE(detail->runId(), m_iris);
        QVERIFY(detail->actions()->exportButton()->isEnabled());
        QVERIFY(detail->actions()->tryItButton()->isEnabled());
        m_window->setView(ui::MainWindow::View::Runs);
    }

    void exportWritesEveryFormatAndShowsParity()
    {
        ui::ExportDialog *dialog = m_window->openExportDialog(m_iris);
        QVERIFY(dialog);
        const QString out = m_dir.filePath(QStringLiteral("export-iris"));
        dialog->setOutputFolder(out);
        dialog->exportButton()->setFocus(); // as Enter or a click leaves it
        QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
        QVERIFY(dialog->isExporting());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isExporting(), kJobTimeoutMs);
        QVERIFY2(!dialog->report().is_null(), qPrintable(dialog->statusLabel()->text()));
        // The keys are back on Export, not on Browse… (where Enter opens a file dialog).
        QVERIFY(dialog->exportButton()->hasFocus());

        const QStringList files = tableColumn(dialog->filesTable(), 0);
        for (const QString &expected :
             {QStringLiteral("model.pt"), QStringLiteral("model.onnx"),
              QStringLiteral("model_card.json"), QStringLiteral("model_card.md")}) {
            QVERIFY2(files.contains(expected), qPrintable(files.join(QLatin1Char(' '))));
            QVERIFY(QFile::exists(out + QLatin1Char('/') + expected));
        }
        const QString name =
            QString::fromStdString(dialog->report()["model_name"].get<std::string>());
        QVERIFY(files.contains(name + QStringLiteral(".mar")));
        QVERIFY(files.contains(QStringLiteral("triton/%1/config.pbtxt").arg(name)));
        QVERIFY(files.contains(QStringLiteral("triton/%1/1/model.pt").arg(name)));
        QVERIFY(dialog->report()["max_abs_diff"].get<double>() <= 1e-4);
        QVERIFY(dialog->parityLabel()->text().contains(QStringLiteral("max |Δ logit|")));
        QVERIFY(dialog->statusLabel()->text().contains(out));
        // Offscreen has no file manager: Open folder says where the files are instead.
        QVERIFY(dialog->openFolderButton()->isEnabled());
        dialog->openFolderButton()->click();
        QCOMPARE(
            dialog->statusLabel()->text(),
            QStringLiteral("No file manager could open the folder; the files are in %1.").arg(out));
        // The job is listed in the jobs panel, finished, under the run's name.
        QTRY_COMPARE(dllab::test::newestJob(*m_window)->state(), ui::JobState::Done);
        QCOMPARE(dllab::test::newestJob(*m_window)->name(),
                 QStringLiteral("Export run-%1").arg(m_iris));

        // Again into the same folder without Replace: refused in the dialog's words, and the
        // export just made stays listed.
        const int listed = dialog->filesTable()->rowCount();
        QVERIFY(dialog->startExport());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isExporting(), kJobTimeoutMs);
        QVERIFY(dialog->statusLabel()->text().contains(QStringLiteral("Replace the folder")));
        QCOMPARE(dialog->filesTable()->rowCount(), listed);
        dialog->close();
    }

    void exportIntoAnExistingFolderIsRefusedAndLeavesItAlone()
    {
        const QString out = m_dir.filePath(QStringLiteral("occupied"));
        QVERIFY(QDir().mkpath(out));
        QFile keep(out + QStringLiteral("/notes.txt"));
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write("mine");
        keep.close();

        ui::ExportDialog *dialog = m_window->openExportDialog(m_iris);
        dialog->setOutputFolder(out);
        dialog->setFormatChecked(QStringLiteral("torchserve"), false);
        dialog->setFormatChecked(QStringLiteral("triton"), false);
        QVERIFY(dialog->startExport());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isExporting(), kJobTimeoutMs);
        QVERIFY(dialog->report().is_null());
        QVERIFY2(dialog->statusLabel()->text().contains(QStringLiteral("already holds files")),
                 qPrintable(dialog->statusLabel()->text()));
        // In the dialog's words, not the CLI's.
        QVERIFY(dialog->statusLabel()->text().contains(QStringLiteral("Replace the folder")));
        QVERIFY(!dialog->statusLabel()->text().contains(QStringLiteral("--")));
        QCOMPARE(QDir(out).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
                 QStringList{QStringLiteral("notes.txt")});

        // No format at all: the dialog says so and starts nothing.
        for (const char *format : {"torchscript", "onnx"})
            dialog->setFormatChecked(QLatin1String(format), false);
        QVERIFY(dialog->startExport() == nullptr);
        QVERIFY(dialog->statusLabel()->text().contains(QStringLiteral("at least one format")));
        dialog->close();
    }

    void closingTheExportDialogMidExportLeavesTheJobToEnd()
    {
        QPointer<ui::ExportDialog> dialog = m_window->openExportDialog(m_iris);
        dialog->setOutputFolder(m_dir.filePath(QStringLiteral("export-closed")));
        QPointer<ui::JobRunner> job = dialog->startExport();
        QVERIFY(job);
        QVERIFY(job->parent() != dialog.data()); // deleting the dialog must not join the job thread
        dialog->close(); // cancels the export; the dialog is deleted, the job is not
        QTRY_VERIFY(dialog.isNull());
        QTRY_VERIFY_WITH_TIMEOUT(job.isNull(), kJobTimeoutMs); // it deleted itself once it ended
        const ui::JobRow *row = dllab::test::newestJob(*m_window);
        QVERIFY(row->state() == ui::JobState::Cancelled || row->state() == ui::JobState::Done);
    }

    void tryItAnswersATypedIrisRow()
    {
        ui::TryItDialog *dialog = m_window->openTryItDialog(m_iris);
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), kJobTimeoutMs);
        QVERIFY(!dialog->takesImages());
        QVERIFY(dialog->valuesEdit()->isVisible());
        // Before any input: a bar per class at zero and no prediction.
        QCOMPARE(dialog->chart()->probabilities().size(), 3);
        QCOMPARE(dialog->chart()->predictedClass(), QString());
        QCOMPARE(dialog->chart()->chart()->title(), QStringLiteral("Class probabilities"));

        dialog->valuesEdit()->setText(QStringLiteral("5.1, 3.5, 1.4, 0.2")); // iris.csv's first row
        QTest::keyClick(dialog->valuesEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), kJobTimeoutMs);
        QVERIFY2(dialog->errorLabel()->text().isEmpty(), qPrintable(dialog->errorLabel()->text()));
        const auto &probabilities = dialog->chart()->probabilities();
        QCOMPARE(probabilities.size(), 3);
        QCOMPARE(dialog->chart()->predictedClass(), QStringLiteral("setosa"));
        QVERIFY(std::abs(sum(probabilities) - 1.0) < 1e-4);

        // Too few values: the error names what the model takes, and the last answer goes (it
        // would read as the answer to this input).
        dialog->tryValues(QStringLiteral("5.1, 3.5"));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), kJobTimeoutMs);
        QVERIFY2(dialog->errorLabel()->text().contains(QStringLiteral("4 feature values")),
                 qPrintable(dialog->errorLabel()->text()));
        QCOMPARE(dialog->chart()->predictedClass(), QString());
        dialog->tryValues(QStringLiteral("5.1, 3.5, 1.4, 0.2"));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), kJobTimeoutMs);
        QCOMPARE(dialog->chart()->predictedClass(), QStringLiteral("setosa"));
        QVERIFY(dialog->errorLabel()->text().isEmpty());
        dialog->tryValues(QStringLiteral("5.1, wide, 1.4, 0.2"));
        QVERIFY(dialog->errorLabel()->text().contains(QStringLiteral("\"wide\"")));
        QCOMPARE(dialog->chart()->predictedClass(), QString());
        dialog->close();
    }

    void tryItAnswersADroppedDigitAsTheEngineDoes()
    {
        ui::TryItDialog *dialog = m_window->openTryItDialog(m_digits);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), kJobTimeoutMs);
        QVERIFY(dialog->takesImages());
        const QString digit = sharedData(QStringLiteral("mnist-png-500/7/"))
                              + QDir(sharedData(QStringLiteral("mnist-png-500/7")))
                                    .entryList({QStringLiteral("*.png")})
                                    .first();
        QVERIFY(dllab::test::dropPaths(dialog, {digit}));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), kJobTimeoutMs);
        QVERIFY2(dialog->errorLabel()->text().isEmpty(), qPrintable(dialog->errorLabel()->text()));
        QCOMPARE(dialog->chart()->probabilities().size(), 10);
        // The image shown is the sample the engine decoded, scaled up pixel for pixel.
        const auto *shown = dialog->findChild<QLabel *>(QStringLiteral("tryItImage"));
        QVERIFY(!shown->pixmap().isNull());
        const QImage image = shown->pixmap().toImage().convertToFormat(QImage::Format_Grayscale8);
        const QImage file = QImage(digit).convertToFormat(QImage::Format_Grayscale8);
        QCOMPARE(image, file.scaled(image.size(), Qt::KeepAspectRatio, Qt::FastTransformation));

        // The same file through the engine directly, on this thread.
        workspace::Database::ThreadPermit permit; // as another process would
        workspace::Workspace ws(m_dir.path().toStdString());
        const exporting::TryoutResult expected =
            exporting::ModelTryout(ws, std::to_string(m_digits)).predictFile(digit.toStdString());
        QCOMPARE(int(expected.pixels.size()), 28 * 28); // the decoded digit, for the dialog to show
        const auto top = std::max_element(
            expected.scores.begin(), expected.scores.end(),
            [](const auto &a, const auto &b) { return a.probability < b.probability; });
        QCOMPARE(dialog->chart()->predictedClass(), QString::fromStdString(top->label));
        const auto shownProbabilities = dialog->chart()->probabilities();
        QCOMPARE(int(shownProbabilities.size()), int(expected.scores.size()));
        for (size_t c = 0; c < expected.scores.size(); ++c) {
            QCOMPARE(shownProbabilities[int(c)].first,
                     QString::fromStdString(expected.scores[c].label));
            QVERIFY(std::abs(expected.scores[c].probability - shownProbabilities[int(c)].second)
                    < 1e-6);
        }

        // A table file is not an image: the error names the image the model expects.
        dialog->tryFile(sharedData(QStringLiteral("iris.csv")));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), kJobTimeoutMs);
        QVERIFY2(dialog->errorLabel()->text().contains(QStringLiteral("28x28")),
                 qPrintable(dialog->errorLabel()->text()));
        QVERIFY(shown->pixmap().isNull()); // not the last answer's, beside this error
        QCOMPARE(dialog->chart()->predictedClass(), QString());
        dialog->close();
    }

    void aConfusionCellListsItsSamplesMostConfidentFirst()
    {
        QVERIFY(test::showRunPage(*m_window, m_digits, kJobTimeoutMs));
        ui::RunDetailView *detail = m_window->runDetailView();
        plots::ConfusionMatrix *matrix = detail->confusion();
        QCOMPARE(matrix->matrix().size(), 10);
        // The most crowded mistake.
        int bestTrue = 0, bestPredicted = 1;
        for (int t = 0; t < 10; ++t)
            for (int p = 0; p < 10; ++p)
                if (t != p && matrix->count(t, p) > matrix->count(bestTrue, bestPredicted))
                    bestTrue = t, bestPredicted = p;
        const qint64 count = matrix->count(bestTrue, bestPredicted);
        QVERIFY2(count > 0, "a 5-epoch MLP on 450 digits makes some mistakes");
        QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellCenter(bestTrue, bestPredicted));
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->isLoading(), kJobTimeoutMs);
        QListWidget *samples = detail->cellSamples();
        QCOMPARE(samples->count(), int(count));
        double previous = 1.0;
        for (int i = 0; i < samples->count(); ++i) {
            QListWidgetItem *item = samples->item(i);
            QVERIFY(!item->icon().isNull()); // a thumbnail of the digit
            const double confidence = item->data(Qt::UserRole + 1).toDouble();
            QVERIFY(confidence <= previous);
            QVERIFY(confidence >= 1.0 / 10); // it was the model's top class
            previous = confidence;
        }
        QVERIFY(detail->cellInfo()->text().contains(QStringLiteral("most confident first")));

        // A click on an empty cell while that cell's samples are read again: the GUI does not wait
        // for the read, and its answer, no longer wanted, is dropped.
        int emptyTrue = -1, emptyPredicted = -1;
        for (int t = 0; t < 10 && emptyTrue < 0; ++t)
            for (int p = 0; p < 10 && emptyTrue < 0; ++p)
                if (matrix->count(t, p) == 0)
                    emptyTrue = t, emptyPredicted = p;
        QVERIFY(emptyTrue >= 0);
        QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellCenter(bestTrue, bestPredicted));
        QVERIFY(detail->isLoading());
        QTest::mouseClick(matrix, Qt::LeftButton, {},
                          matrix->cellCenter(emptyTrue, emptyPredicted));
        const QString emptyInfo = detail->cellInfo()->text();
        QVERIFY(emptyInfo.startsWith(QStringLiteral("<b>0</b>")));
        QVERIFY(QThreadPool::globalInstance()->waitForDone(kJobTimeoutMs)); // the read has answered
        QTest::qWait(50); // and its answer has been delivered
        QCOMPARE(samples->count(), 0);
        QCOMPARE(detail->cellInfo()->text(), emptyInfo);

        // Three quick clicks: the last one's samples are shown.
        int crowded = 0;
        for (int c = 1; c < 10; ++c)
            if (matrix->count(c, c) > matrix->count(crowded, crowded))
                crowded = c;
        QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellCenter(bestTrue, bestPredicted));
        QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellCenter(bestPredicted, bestTrue));
        QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellCenter(crowded, crowded));
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->isLoading(), kJobTimeoutMs);
        QCOMPARE(samples->count(), int(std::min<qint64>(matrix->count(crowded, crowded), 200)));
        QVERIFY(detail->cellInfo()->text().contains(QStringLiteral("classified correctly")));
        QVERIFY(detail->cellInfo()->text().contains(QStringLiteral("most confident first")));
    }

    // A regression run's page plots predicted against actual values instead of a confusion
    // matrix; a click on a point lists that sample's row; Try it answers with a value.
    void aRegressionRunShowsPredictedAgainstActualAndAPointsRow()
    {
        QVERIFY(test::showRunPage(*m_window, m_regression, kJobTimeoutMs));
        ui::RunDetailView *detail = m_window->runDetailView();
        plots::RegressionChart *chart = detail->regressionChart();
        QVERIFY(chart->isVisible());
        QVERIFY(!detail->confusion()->isVisible());
        const auto *tabs = detail->findChild<QTabWidget *>();
        QCOMPARE(tabs->tabText(0), QStringLiteral("Predicted vs actual"));
        QVERIFY(!tabs->isTabVisible(1)); // no per-class scores
        const int valSamples = detail->record().summary["val"]["samples"].get<int>();
        QVERIFY(valSamples > 60); // about 10% of 682 rows, stratified by decile
        QCOMPARE(chart->points().size(), valSamples);
        QVERIFY(detail->cellInfo()->text().contains(QStringLiteral("R²")));
        qint64 binned = 0;
        for (const auto &[label, count] : chart->residualChart()->counts())
            binned += count;
        QCOMPARE(binned, valSamples);

        // A real click on the first point.
        const plots::RegressionPoint point = chart->points().front();
        QChartView *view = chart->scatterView();
        QAbstractSeries *scatter = view->chart()->series().back();
        const QPointF inChart =
            view->chart()->mapToPosition({point.actual, point.predicted}, scatter);
        const QPoint at = view->mapFromScene(view->chart()->mapToScene(inChart));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        QTRY_VERIFY_WITH_TIMEOUT(detail->cellInfo()->text().contains(QStringLiteral("Sample")),
                                 kJobTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->isLoading(), kJobTimeoutMs);
        QListWidget *fields = detail->cellSamples();
        QCOMPARE(fields->count(), 6); // year, country, cluster, pop, life_expect and the label
        QVERIFY(fields->item(1)->text().startsWith(QStringLiteral("country: ")));
        QVERIFY2(fields->item(5)->text().startsWith(QStringLiteral("fertility: ")),
                 qPrintable(fields->item(5)->text()));

        workspace::Database::ThreadPermit permit;
        workspace::Workspace ws(m_dir.path().toStdString());
        const exporting::ModelTryout tryout(ws, std::to_string(m_regression));
        const auto answer = tryout.predictValues({1980, 3, 2, 5e7, 70});
        QVERIFY(answer.value.has_value());
        QCOMPARE(answer.target, std::string("fertility"));
        QVERIFY(answer.scores.empty());
        QVERIFY(*answer.value > 0.0 && *answer.value < 10.0);
    }

    void tryItOnATableWithCategoriesHasAFieldPerColumn()
    {
        ui::TryItDialog *dialog = m_window->openTryItDialog(m_regression);
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), kJobTimeoutMs);
        // gapminder's country is a category: a field per column replaces the comma-separated line.
        QCOMPARE(dialog->rowFields().size(), 5); // year, country, cluster, pop, life_expect
        QVERIFY(dialog->valuesEdit()->isHidden());
        auto *country = qobject_cast<QComboBox *>(dialog->rowFields()[1]);
        QVERIFY(country && country->findText(QStringLiteral("Afghanistan")) > 0);
        // gapminder.csv's first row, by keyboard: a value in each field, then Enter.
        const QStringList row{QStringLiteral("1955"), QStringLiteral("Afghanistan"),
                              QStringLiteral("0"), QStringLiteral("7971931"),
                              QStringLiteral("43.88")};
        for (int i = 0; i < row.size(); ++i) {
            if (auto *combo = qobject_cast<QComboBox *>(dialog->rowFields()[i]))
                combo->setCurrentText(row[i]);
            else
                qobject_cast<QLineEdit *>(dialog->rowFields()[i])->setText(row[i]);
        }
        QTest::keyClick(qobject_cast<QLineEdit *>(dialog->rowFields()[4]), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), kJobTimeoutMs);
        QVERIFY2(dialog->errorLabel()->text().isEmpty(), qPrintable(dialog->errorLabel()->text()));

        // The same as the engine's answer to the same raw row as a CSV line.
        const QString csv = m_dir.filePath(QStringLiteral("gapminder-row.csv"));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("year,country,cluster,pop,life_expect\n1955,Afghanistan,0,7971931,43.88\n");
        file.close();
        workspace::Database::ThreadPermit permit;
        workspace::Workspace ws(m_dir.path().toStdString());
        const exporting::ModelTryout tryout(ws, std::to_string(m_regression));
        const auto expected = tryout.predictFile(csv.toStdString());
        QCOMPARE(dialog->chart()->chart()->title(),
                 QStringLiteral("Predicted fertility: %1").arg(*expected.value, 0, 'g', 6));

        // A cell that does not read names its column; an unseen country is the missing slot.
        qobject_cast<QLineEdit *>(dialog->rowFields()[3])->setText(QStringLiteral("lots"));
        country->setCurrentText(QStringLiteral("Atlantis"));
        dialog->tryRow({QStringLiteral("1955"), QStringLiteral("Atlantis"), QStringLiteral("0"),
                        QStringLiteral("lots"), QStringLiteral("43.88")});
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), kJobTimeoutMs);
        QVERIFY2(dialog->errorLabel()->text().contains(QStringLiteral("column 'pop'")),
                 qPrintable(dialog->errorLabel()->text()));
        dialog->tryRow({QStringLiteral("1955"), QStringLiteral("Atlantis"), QStringLiteral("0"),
                        QString(), QStringLiteral("43.88")}); // pop missing: imputed
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), kJobTimeoutMs);
        QVERIFY2(dialog->errorLabel()->text().isEmpty(), qPrintable(dialog->errorLabel()->text()));
        dialog->close();
    }

private:
    QTemporaryDir m_dir;
    qint64 m_iris = 0, m_digits = 0, m_cancelled = 0, m_regression = 0;
    std::unique_ptr<ui::MainWindow> m_window;
};

QTEST_MAIN(TestExportTryIt)
#include "tst_export_try_it.moc"
