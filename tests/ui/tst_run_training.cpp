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
#include "ui/runs/try_it_dialog.h"
#include "ui/shell/error_banner.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
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
        {
            workspace::Database::ThreadPermit permit; // as another process would
            workspace::Workspace ws(m_dir.path().toStdString());
            datasets::DatasetStore(ws).split("iris@v1", 0.2, 0.2, 7); // iris@v2 has a val split
        }
        m_window = std::make_unique<ui::MainWindow>(m_dir.path().toStdString());
        m_window->setView(ui::MainWindow::View::Runs);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase() { m_window.reset(); }

    void theDialogNamesInvalidFields()
    {
        // New Run starts on the version chosen in the Datasets view.
        for (const QString &ref : {QStringLiteral("mnist@v1"), QStringLiteral("iris@v2")}) {
            QTRY_VERIFY(m_window->selectVersion(ref));
            ui::NewRunDialog *chosen = m_window->openNewRunDialog();
            QCOMPARE(chosen->datasetCombo()->currentText(), ref);
            chosen->reject();
        }
        ui::NewRunDialog *dialog = m_window->openNewRunDialog();
        QVERIFY(dialog);
        QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);
        dialog->datasetCombo()->setCurrentText(QStringLiteral("iris@v1"));
        QVERIFY2(dialog->error().isEmpty(), qPrintable(dialog->error()));
        QVERIFY(ok->isEnabled());
        // Epochs start at "auto": the spec names none and the engine sizes a table's training.
        QCOMPARE(dialog->epochsSpin()->text(), QStringLiteral("auto"));
        QVERIFY(!dialog->spec().contains("epochs"));

        const int height = dialog->sizeHint().height();
        dialog->lrEdit()->setText(QStringLiteral("fast"));
        QVERIFY(dialog->error().contains(QStringLiteral("optimizer.lr")));
        QCOMPARE(dialog->sizeHint().height(), height); // the error line does not move the form
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

        // A version with its own val split validates on it: the fraction is off and says why.
        QVERIFY(dialog->valFractionSpin()->isEnabled());
        dialog->datasetCombo()->setCurrentText(QStringLiteral("iris@v2"));
        QVERIFY(!dialog->valFractionSpin()->isEnabled());
        QVERIFY2(dialog->valFractionSpin()->toolTip().contains(QStringLiteral("own val split")),
                 qPrintable(dialog->valFractionSpin()->toolTip()));
        dialog->reject();

        // Nothing imported yet: the dialog says what to do first, not what the spec lacks.
        ui::NewRunDialog empty({});
        QVERIFY2(empty.error().startsWith(QStringLiteral("Import a dataset first")),
                 qPrintable(empty.error()));
        QVERIFY(!empty.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
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
        // The new run is selected by itself, so its charts fill in without a click.
        QTRY_COMPARE(view->selectedRunIds(), QList<qint64>{m_irisRun});
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
        // The resumed run's row replaces the paused one: no row is left saying paused.
        QTRY_COMPARE(m_window->jobsPanel()->rows().first()->stateText(), QStringLiteral("running"));
        QCOMPARE(m_window->jobsPanel()->rows().first()->name(), // the run's name, as everywhere
                 QStringLiteral("Resume run-%1").arg(id));
        for (const ui::JobRow *row : m_window->jobsPanel()->rows())
            QVERIFY(row->stateText() != QStringLiteral("paused"));
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

    // Every run action by keyboard: Tab leaves the table, Enter opens the run, Esc and Alt+Left
    // come back, and the Run menu's items carry shortcuts that act on the selected run.
    void theKeyboardReachesEveryRunAction()
    {
        QVERIFY(m_irisRun > 0);
        m_window->setView(ui::MainWindow::View::Runs);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        ui::RunsView *view = m_window->runsView();
        QVERIFY(view->selectRuns({QString::number(m_irisRun)}));
        QTableView *table = view->table();
        m_window->setView(ui::MainWindow::View::Datasets);
        QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier); // the Runs view...
        QTRY_VERIFY(table->hasFocus()); // ...with its table ready for the arrows and Enter
        // Plain to see: the focused table is framed in the accent colour, 2 px wide.
        const QImage framed = table->grab().toImage();
        for (const QPoint at : {QPoint(0, framed.height() / 2), QPoint(1, framed.height() / 2)})
            QCOMPARE(framed.pixelColor(at), QColor(0x25, 0x63, 0xeb));
        QTest::keyClick(table, Qt::Key_Tab);
        QVERIFY(!table->hasFocus()); // on to the next part of the window
        QCOMPARE(view->selectedRunIds(), QList<qint64>{m_irisRun}); // and nothing changed
        table->setFocus();
        QTRY_VERIFY(table->hasFocus());

        ui::RunDetailView *detail = m_window->runDetailView();
        for (const QKeySequence &back :
             {QKeySequence(Qt::Key_Escape), QKeySequence(Qt::ALT | Qt::Key_Left),
              QKeySequence(Qt::Key_Backspace)}) {
            QTest::keyClick(table, Qt::Key_Return);
            QTRY_VERIFY(m_window->view() == ui::MainWindow::View::RunDetail);
            QTRY_COMPARE(detail->runId(), m_irisRun);
            QWidget *focus = QApplication::focusWidget();
            QVERIFY(focus && detail->isAncestorOf(focus)); // keys reach the run's page
            QTest::keySequence(focus, back);
            QTRY_VERIFY2(m_window->view() == ui::MainWindow::View::Runs,
                         qPrintable(back.toString()));
            table->setFocus();
        }

        // The Run menu lists the run actions with their shortcuts; Ctrl+T opens Try it for the
        // selected (finished) run, and Pause is off for it.
        QMenu *runMenu = nullptr;
        for (QAction *menu : m_window->menuBar()->actions())
            if (menu->text() == QStringLiteral("&Run"))
                runMenu = menu->menu();
        QVERIFY(runMenu);
        QStringList shortcuts;
        for (const QAction *action : runMenu->actions())
            if (!action->isSeparator())
                shortcuts << action->text() + QLatin1Char('=') + action->shortcut().toString();
        for (const char *expected :
             {"&Pause=Ctrl+Shift+P", "&Resume=Ctrl+Shift+R", "&Cancel Run=Ctrl+Shift+X",
              "&Export…=Ctrl+E", "&Try It…=Ctrl+T"})
            QVERIFY2(shortcuts.contains(QString::fromUtf8(expected)),
                     qPrintable(shortcuts.join(QLatin1Char(' '))));
        for (QAction *action : runMenu->actions()) {
            if (action->text() == QStringLiteral("&Pause"))
                QVERIFY(!action->isEnabled());
            if (action->text() == QStringLiteral("&Try It…"))
                QVERIFY(action->isEnabled());
        }
        QTest::keyClick(table, Qt::Key_T, Qt::ControlModifier);
        QPointer<ui::TryItDialog> tryIt = m_window->findChild<ui::TryItDialog *>();
        QVERIFY(tryIt && tryIt->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!tryIt->isBusy(), kTrainTimeoutMs);
        tryIt->close();
        QTRY_VERIFY(!tryIt);
    }

    void runDetailShowsTheConfusionMatrix()
    {
        QVERIFY(m_irisRun > 0);
        QVERIFY(test::showRunPage(*m_window, m_irisRun));
        ui::RunDetailView *detail = m_window->runDetailView();
        plots::ConfusionMatrix *matrix = detail->confusion();
        QCOMPARE(matrix->matrix().size(), 3);
        QCOMPARE(detail->perClassTable()->rowCount(), 3);
        QVERIFY(detail->specText()->toPlainText().contains(QStringLiteral("\"iris@v1\"")));
        // Local time as the other views write it, not the catalog's ISO text with T and Z.
        const QString subtitle = detail->findChild<QLabel *>(QStringLiteral("runSubtitle"))->text();
        QVERIFY2(subtitle.contains(QRegularExpression(
                     QStringLiteral("started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d"))),
                 qPrintable(subtitle));
        // At 1024 px the subtitle is read whole, start time included: it runs under the buttons.
        const QSize before = m_window->size();
        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->size(), QSize(1024, 700));
        const auto *label = detail->findChild<QLabel *>(QStringLiteral("runSubtitle"));
        QVERIFY2(label->fontMetrics().horizontalAdvance(subtitle) <= label->width(),
                 qPrintable(QStringLiteral("%1 px of text in %2 px")
                                .arg(label->fontMetrics().horizontalAdvance(subtitle))
                                .arg(label->width())));
        m_window->resize(before);
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

    // On a run of a version with val and test splits, the chosen cell's samples follow the Split
    // box: the test split's, with its count, not the val split's left in place.
    void theCellSamplesFollowTheSplit()
    {
        nlohmann::json spec = training::defaultRunSpec();
        spec["dataset"] = "iris@v2";
        spec["model"] = {{"arch", "mlp"}, {"hidden", {16}}};
        spec["epochs"] = 3; // a weak model: most cells hold samples
        QSignalSpy ended(m_window->runController(), &ui::RunController::runEnded);
        m_window->runController()->launch(spec);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, kTrainTimeoutMs);
        const qint64 id = ended.at(0).at(0).toLongLong();
        QVERIFY(test::showRunPage(*m_window, id));
        ui::RunDetailView *detail = m_window->runDetailView();
        auto *split = detail->findChild<QComboBox *>(QStringLiteral("splitCombo"));
        QVERIFY(split && split->count() == 2);
        plots::ConfusionMatrix *matrix = detail->confusion();
        QCOMPARE(split->currentText(), QStringLiteral("val"));
        const auto items = [detail] {
            QStringList texts;
            for (int i = 0; i < detail->cellSamples()->count(); ++i)
                texts << detail->cellSamples()->item(i)->text();
            return texts;
        };
        const int best = 0; // setosa: split cleanly even by a weak model, so the cell has samples
        matrix->selectCell(best, best);
        QTRY_VERIFY(!m_window->isLoading());
        QVERIFY(matrix->count(best, best) > 0);
        QCOMPARE(detail->cellSamples()->count(), matrix->count(best, best));
        QVERIFY(detail->cellInfo()->text().contains(QStringLiteral("(val split)")));
        const QStringList valSamples = items();

        split->setCurrentText(QStringLiteral("test"));
        QCOMPARE(matrix->selectedCell(), qMakePair(best, best)); // still the chosen cell
        QTRY_VERIFY(!m_window->isLoading());
        QVERIFY2(detail->cellInfo()->text().contains(QStringLiteral("(test split)")),
                 qPrintable(detail->cellInfo()->text()));
        QVERIFY(matrix->count(best, best) > 0);
        QCOMPARE(detail->cellSamples()->count(), matrix->count(best, best));
        QVERIFY(items() != valSamples); // other samples: the splits share none
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
