// Training runs driven through the GUI as a user would: the New Run dialog names a bad field and
// launches a valid spec; live points reach the charts; Pause, Resume and Cancel on a longer run;
// the run detail's confusion matrix answers a click. One window and workspace, cases in order.
#include "gui_test_helpers.h"

#include "datasets/dataset_store.h"
#include "plots/confusion_matrix.h"
#include "plots/metric_chart.h"
#include "training/run_spec.h"
#include "training/run_store.h"
#include "ui/runs/new_run_dialog.h"
#include "ui/runs/run_actions.h"
#include "ui/runs/run_charts_panel.h"
#include "ui/runs/run_controller.h"
#include "ui/runs/run_detail_view.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/runs_view.h"
#include "ui/shell/error_banner.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>

#include <memory>

using namespace dllab;
using dllab::test::sharedData;

namespace {

constexpr int kTrainTimeoutMs = 180000;

} // namespace

class TestRunTraining : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::importData(m_dir.path(), "iris", sharedData(QStringLiteral("iris.csv")));
        test::importData(m_dir.path(), "mnist", sharedData(QStringLiteral("mnist-10k")));
        m_window = std::make_unique<ui::MainWindow>(m_dir.path().toStdString());
        m_window->setView(ui::MainWindow::View::Runs);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase() { m_window.reset(); }

    void theDialogNamesInvalidFields()
    {
        ui::NewRunDialog *dialog = m_window->openNewRunDialog();
        QVERIFY(dialog);
        QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);
        dialog->datasetCombo()->setCurrentText(QStringLiteral("iris@v1"));
        QVERIFY2(dialog->error().isEmpty(), qPrintable(dialog->error()));
        QVERIFY(ok->isEnabled());
        // Epochs start at "auto": the spec names none and the engine sizes a table's training.
        QCOMPARE(dialog->epochsSpin()->text(), QStringLiteral("auto"));
        QVERIFY(!dialog->spec().contains("epochs"));

        dialog->lrEdit()->setText(QStringLiteral("fast"));
        QVERIFY(dialog->error().contains(QStringLiteral("optimizer.lr")));
        QCOMPARE(dialog->errorField(), dialog->lrEdit());
        QVERIFY(!ok->isEnabled());
        dialog->lrEdit()->setText(QStringLiteral("0.01"));

        dialog->sizesEdit()->setText(QStringLiteral("64, 0"));
        QVERIFY2(dialog->error().contains(QStringLiteral("model.hidden[1]")),
                 qPrintable(dialog->error()));
        QCOMPARE(dialog->errorField(), dialog->sizesEdit());
        dialog->sizesEdit()->setText(QStringLiteral("32"));

        // A CNN needs images: the engine says so about model.arch.
        dialog->archCombo()->setCurrentText(QStringLiteral("cnn"));
        QCOMPARE(dialog->errorField(), dialog->archCombo());
        QVERIFY(!ok->isEnabled());
        dialog->archCombo()->setCurrentText(QStringLiteral("mlp"));
        dialog->sizesEdit()->setText(QStringLiteral("32"));
        QVERIFY2(dialog->error().isEmpty(), qPrintable(dialog->error()));
        dialog->reject();
    }

    void aRunLaunchedFromTheDialogPlotsLivePoints()
    {
        ui::RunsView *view = m_window->runsView();
        ui::NewRunDialog *dialog = m_window->openNewRunDialog();
        dialog->datasetCombo()->setCurrentText(QStringLiteral("iris@v1"));
        dialog->sizesEdit()->setText(QStringLiteral("32"));
        dialog->lrEdit()->setText(QStringLiteral("0.01"));
        dialog->epochsSpin()->setValue(30);
        dialog->batchSpin()->setValue(16);
        QVERIFY2(dialog->error().isEmpty(), qPrintable(dialog->error()));
        QSignalSpy created(m_window->runController(), &ui::RunController::runCreated);
        QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(created.count(), 1, 30000);
        m_irisRun = created.at(0).at(0).toLongLong();
        QVERIFY(!m_window->jobsPanel()->rows().isEmpty());

        QTRY_VERIFY(view->model()->rowOf(m_irisRun) >= 0);
        QVERIFY(view->selectRuns({QString::number(m_irisRun)}));
        const QString lossSeries = QStringLiteral("%1:train_loss").arg(m_irisRun);
        const QString accSeries = QStringLiteral("%1:val_accuracy").arg(m_irisRun);
        plots::MetricChart *loss = view->charts()->lossChart();
        plots::MetricChart *accuracy = view->charts()->accuracyChart();
        QTRY_VERIFY_WITH_TIMEOUT(loss->pointCount(lossSeries) > 0, kTrainTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_irisRun), QStringLiteral("finished"), kTrainTimeoutMs);
        // Every stored point reached the chart, and nothing twice.
        workspace::Database::ThreadPermit permit; // as another process would
        workspace::Workspace ws(m_dir.path().toStdString());
        const auto stored = training::RunStore(ws).metrics(m_irisRun, "train_loss");
        QVERIFY(stored.size() >= 30);
        QTRY_COMPARE(loss->pointCount(lossSeries), qsizetype(stored.size()));
        QTRY_COMPARE(accuracy->pointCount(accSeries), 30);
        QTRY_COMPARE(m_window->jobsPanel()->rows().first()->stateText(), QStringLiteral("done"));
        const QString accuracyText =
            view->model()
                ->index(view->model()->rowOf(m_irisRun), ui::RunTableModel::ValAccuracyColumn)
                .data()
                .toString();
        QVERIFY2(accuracyText.toDouble() > 0.5, qPrintable(accuracyText));
    }

    void pauseResumeAndCancel()
    {
        ui::RunsView *view = m_window->runsView();
        nlohmann::json spec = training::defaultRunSpec();
        spec["dataset"] = "mnist@v1";
        spec["model"] = {{"arch", "mlp"}, {"hidden", {64}}};
        spec["epochs"] = 200;
        spec["batch_size"] = 64;
        QSignalSpy created(m_window->runController(), &ui::RunController::runCreated);
        m_window->runController()->launch(spec);
        QTRY_COMPARE_WITH_TIMEOUT(created.count(), 1, 30000);
        const qint64 id = created.at(0).at(0).toLongLong();
        QTRY_VERIFY(view->model()->rowOf(id) >= 0);
        QVERIFY(view->selectRuns({QString::number(id)}));
        const QString lossSeries = QStringLiteral("%1:train_loss").arg(id);
        QTRY_VERIFY_WITH_TIMEOUT(view->charts()->lossChart()->pointCount(lossSeries) > 0,
                                 kTrainTimeoutMs);
        QTRY_COMPARE(statusOf(id), QStringLiteral("running"));

        ui::RunActions *actions = view->actions();
        QTRY_VERIFY(actions->pauseButton()->isEnabled());
        QTest::mouseClick(actions->pauseButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("paused"), 60000);
        QVERIFY(!m_window->runController()->owns(id));
        QTRY_COMPARE(m_window->jobsPanel()->rows().first()->stateText(), QStringLiteral("paused"));

        QTRY_VERIFY(actions->resumeButton()->isEnabled());
        QTest::mouseClick(actions->resumeButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("running"), 60000);
        QVERIFY(m_window->runController()->owns(id));
        const qsizetype before = view->charts()->lossChart()->pointCount(lossSeries);
        QTRY_VERIFY_WITH_TIMEOUT(view->charts()->lossChart()->pointCount(lossSeries) > before + 10,
                                 kTrainTimeoutMs);

        QTRY_VERIFY(actions->cancelButton()->isEnabled());
        QTest::mouseClick(actions->cancelButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("cancelled"), 60000);
        QTRY_COMPARE(m_window->jobsPanel()->rows().first()->stateText(),
                     QStringLiteral("cancelled"));
        QVERIFY(m_window->errorBanner()->isHidden());
    }

    void runDetailShowsTheConfusionMatrix()
    {
        QVERIFY(m_irisRun > 0);
        QVERIFY(m_window->setView(QStringLiteral("run:%1").arg(m_irisRun)));
        ui::RunDetailView *detail = m_window->runDetailView();
        QTRY_COMPARE(detail->runId(), m_irisRun);
        QTRY_VERIFY(!m_window->isLoading());
        plots::ConfusionMatrix *matrix = detail->confusion();
        QCOMPARE(matrix->matrix().size(), 3);
        QCOMPARE(detail->perClassTable()->rowCount(), 3);
        QVERIFY(detail->specText()->toPlainText().contains(QStringLiteral("\"iris@v1\"")));
        QVERIFY(detail->envText()->toPlainText().contains(QStringLiteral("dataset_hash")));
        QVERIFY(detail->charts()->lossChart()->pointCount(
                    QStringLiteral("%1:train_loss").arg(m_irisRun))
                > 0);

        QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellCenter(1, 2));
        QCOMPARE(matrix->selectedCell(), qMakePair(1, 2));
        const QString text = detail->cellInfo()->text();
        QVERIFY2(text.contains(QStringLiteral("<b>%1</b> samples").arg(matrix->count(1, 2))),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("versicolor"))
                || text.contains(QStringLiteral("Iris")));
        QTRY_VERIFY(!m_window->isLoading());
        QCOMPARE(detail->cellSamples()->count(), matrix->count(1, 2));
    }

private:
    QString statusOf(qint64 id) const
    {
        const training::RunRecord *record = m_window->runsView()->model()->runById(id);
        return record ? QLatin1String(training::statusName(record->status)) : QString();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ui::MainWindow> m_window;
    qint64 m_irisRun = 0;
};

QTEST_MAIN(TestRunTraining)
#include "tst_run_training.moc"
