// The Sweeps page and the New Sweep dialog on real sweeps: command-trial sweeps (/bin/sh + awk
// printing loss=... lines) launched through the window's SweepController and run by the real
// engine in a temporary workspace, and a small run-trial sweep on iris from the dialog. The
// table, the best-so-far line, brushing, importance, and the pause/resume/stop and parallelism
// controls are checked against what the SweepStore holds. Each case opens its own window on the
// one workspace; the cases that look at a finished sweep share one the engine runs on first use,
// so any case runs alone and in any order.
#include "gui_test_helpers.h"

#include "datasets/dataset_store.h"
#include "plots/best_so_far_chart.h"
#include "plots/importance_chart.h"
#include "plots/parallel_coordinates.h"
#include "training/hpo/importance.h"
#include "training/sweep/sweep_control.h"
#include "training/sweep/sweep_report.h"
#include "training/sweep/sweep_runner.h"
#include "training/sweep/sweep_store.h"
#include "training/sweep/trial_history.h"
#include "ui/runs/export_dialog.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/runs_view.h"
#include "ui/shell/error_banner.h"
#include "ui/sweeps/new_sweep_dialog.h"
#include "ui/sweeps/param_table_editor.h"
#include "ui/sweeps/sweep_controller.h"
#include "ui/sweeps/sweep_list_model.h"
#include "ui/sweeps/sweep_trial_model.h"
#include "ui/sweeps/sweeps_view.h"
#include "workspace/workspace.h"

#include <QAbstractItemModelTester>
#include <QBarCategoryAxis>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QImage>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>

using namespace dllab;
using dllab::test::sharedData;
using nlohmann::json;

namespace {

constexpr int kSweepTimeoutMs = 60000;

// loss = x + 0.25 for y = b, + log10(z) / 10; three lines per trial, sleeping `pause` seconds
// after each. x dominates, monotonically, so its importance must come out highest.
json commandSweep(const std::string &name, int trials, const std::string &pause)
{
    const std::string script =
        "i=1; while [ $i -le 3 ]; do awk -v x=\"$1\" -v y=\"$2\" -v z=\"$3\" -v i=$i "
        "'BEGIN { printf \"step %d: loss=%.6f\\n\", i, x + (y == \"b\" ? 0.25 : 0) + log(z) / "
        "log(10) / 10 + 1 / i }'; "
        "sleep "
        + pause + "; i=$((i + 1)); done";
    return {{"name", name},
            {"objective", {{"metric", "loss"}, {"goal", "minimize"}}},
            {"algorithm", {{"name", "random"}, {"seed", 7}}},
            {"parameters", json::parse(R"([
                {"name": "x", "type": "double", "min": 0, "max": 4},
                {"name": "y", "type": "categorical", "values": ["a", "b", "c"]},
                {"name": "z", "type": "int", "min": 1, "max": 100, "log": true}])")},
            {"maxTrialCount", trials},
            {"parallelTrialCount", 2},
            {"trial",
             {{"command",
               {"/bin/sh", "-c", script, "sh", "${trialParameters.x}", "${trialParameters.y}",
                "${trialParameters.z}"}}}}};
}

void sendMouse(QWidget *w, QEvent::Type type, QPointF at, Qt::MouseButtons buttons)
{
    QMouseEvent event(type, at, w->mapToGlobal(at), Qt::LeftButton, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &event);
}

} // namespace

class TestSweepsView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::importData(m_dir.path(), "iris", sharedData(QStringLiteral("iris.csv")));
    }

    void init()
    {
        m_window = std::make_unique<ui::MainWindow>(m_dir.path().toStdString());
        m_window->setView(ui::MainWindow::View::Sweeps);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        ui::SweepsView *view = m_window->sweepsView();
        const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
        for (QAbstractItemModel *model : std::initializer_list<QAbstractItemModel *>{
                 view->sweepModel(), view->trialModel(), view->trialProxy()})
            m_testers.push_back(std::make_unique<QAbstractItemModelTester>(model, mode));
        QTRY_VERIFY(!m_window->isLoading());
    }

    void cleanup()
    {
        m_testers.clear();
        m_window.reset();
    }

    void aLaunchedSweepShowsItsTrials()
    {
        ui::SweepController *controller = m_window->sweepController();
        QSignalSpy ended(controller, &ui::SweepController::sweepEnded);
        controller->launch(commandSweep("cmd", 12, "0"));
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, kSweepTimeoutMs);
        const qint64 id = ended.at(0).at(0).toLongLong();
        QCOMPARE(QLatin1String(sweep::statusName(ended.at(0).at(1).value<sweep::SweepStatus>())),
                 QStringLiteral("finished"));
        QVERIFY(!m_window->jobsPanel()->rows().isEmpty());

        ui::SweepsView *view = m_window->sweepsView();
        QTRY_COMPARE(view->currentSweepId(), id); // the launched sweep is shown
        // A read that began before the end may still arrive; one that sees the sweep finished
        // (its row is read before its trials) has every trial in its final state.
        QTRY_COMPARE(statusOf(id), QStringLiteral("finished"));
        QTRY_COMPARE(view->trialModel()->rowCount(), 12);
        QTRY_VERIFY(!m_window->isLoading());
        const auto stored = storedTrials(id);
        QCOMPARE(stored.size(), size_t(12));
        ui::SweepTrialModel *model = view->trialModel();
        QCOMPARE(model->columnCount(), 2 + 3 + 2); // #, status, x, y, z, loss, run
        QCOMPARE(
            model->headerData(model->objectiveColumn(), Qt::Horizontal, Qt::DisplayRole).toString(),
            QStringLiteral("loss"));
        for (int row = 0; row < 12; ++row) {
            const auto &trial = stored[size_t(row)];
            QCOMPARE(model->index(row, ui::SweepTrialModel::NumberColumn).data().toInt(),
                     trial.number);
            QCOMPARE(model->index(row, ui::SweepTrialModel::StatusColumn).data().toString(),
                     QLatin1String(sweep::stateName(trial.state)));
            QVERIFY(trial.objective);
            QCOMPARE(model->index(row, model->objectiveColumn())
                         .data(ui::SweepTrialModel::SortRole)
                         .toDouble(),
                     *trial.objective);
            QCOMPARE(model->index(row, model->runColumn()).data().toLongLong(),
                     qint64(*trial.runId));
        }
        // The sweep list's row says the same.
        const ui::SweepRow *row = view->currentSweep();
        QVERIFY(row);
        QVERIFY(row->status == sweep::SweepStatus::Finished);
        QCOMPARE(row->done, 12);
        QCOMPARE(row->algorithm, QStringLiteral("random"));
        // Started: the stored creation time, to tell apart sweeps of one name.
        QVERIFY(qAbs(row->created.secsTo(QDateTime::currentDateTimeUtc())) < 600);
        const int listRow = view->sweepModel()->rowOf(row->id);
        QCOMPARE(
            view->sweepModel()->index(listRow, ui::SweepListModel::StartedColumn).data().toString(),
            row->created.toLocalTime().toString(QStringLiteral("MM-dd HH:mm")));

        // Sorting by the objective puts the best (smallest) first.
        view->trialTable()->sortByColumn(model->objectiveColumn(), Qt::AscendingOrder);
        const double first = view->trialProxy()
                                 ->index(0, model->objectiveColumn())
                                 .data(ui::SweepTrialModel::SortRole)
                                 .toDouble();
        const auto *best = sweep::bestTrial(stored, hpo::Goal::Minimize);
        QCOMPARE(first, *best->objective);
        view->trialTable()->sortByColumn(ui::SweepTrialModel::NumberColumn, Qt::AscendingOrder);
    }

    void bestSoFarIsMonotoneAndMatchesTheStore()
    {
        showFinishedSweep();
        const auto stored = storedTrials(finishedSweep());
        const auto &best = m_window->sweepsView()->bestChart()->bestSoFar();
        QCOMPARE(best.size(), stored.size()); // one step per complete trial
        double running = INFINITY;
        for (size_t i = 0; i < best.size(); ++i) {
            QCOMPARE(int(best[i].x()), stored[i].number);
            running = std::min(running, *stored[i].objective);
            QCOMPARE(best[i].y(), running);
            if (i > 0)
                QVERIFY(best[i].y() <= best[i - 1].y()); // minimize: never goes up
        }
        QCOMPARE(best.back().y(), *sweep::bestTrial(stored, hpo::Goal::Minimize)->objective);
        QCOMPARE(m_window->sweepsView()->bestChart()->completeSeries()->count(),
                 int(stored.size()));
    }

    void brushingAnAxisFiltersTheTable()
    {
        showFinishedSweep();
        ui::SweepsView *view = m_window->sweepsView();
        plots::ParallelCoordinates *pc = view->parallelCoordinates();
        QCOMPARE(int(pc->axes().size()), 4); // x, y, z, loss
        QCOMPARE(pc->axes()[2].kind, plots::PcAxis::Kind::Log);
        QCOMPARE(pc->axes()[1].kind, plots::PcAxis::Kind::Categorical);
        QCOMPARE(pc->axes()[1].categories, (QStringList{"a", "b", "c"}));
        QCOMPARE(int(pc->items().size()), 12);

        // Drag along the x axis from x = 1 to x = 3, as a user would.
        const QPointF from = pc->pointAt(0, 1.0), to = pc->pointAt(0, 3.0);
        sendMouse(pc, QEvent::MouseButtonPress, from, Qt::LeftButton);
        sendMouse(pc, QEvent::MouseMove, (from + to) / 2, Qt::LeftButton);
        sendMouse(pc, QEvent::MouseMove, to, Qt::LeftButton);
        sendMouse(pc, QEvent::MouseButtonRelease, to, Qt::NoButton);
        const auto brush = pc->brush(0);
        QVERIFY(brush);
        QVERIFY(std::fabs(brush->first - 1.0) < 0.05 && std::fabs(brush->second - 3.0) < 0.05);

        int inside = 0;
        for (const auto &trial : storedTrials(finishedSweep())) {
            const double x = trial.params.at("x").get<double>();
            inside += x >= brush->first && x <= brush->second ? 1 : 0;
        }
        QVERIFY(inside > 0 && inside < 12);
        QCOMPARE(view->trialProxy()->rowCount(), inside);
        for (int row = 0; row < view->trialProxy()->rowCount(); ++row) {
            const double x = view->trialProxy()
                                 ->index(row, ui::SweepTrialModel::FirstParamColumn)
                                 .data(ui::SweepTrialModel::SortRole)
                                 .toDouble();
            QVERIFY(x >= brush->first && x <= brush->second);
        }
        // A live update keeps the brush; a click on the axis clears it.
        view->refresh();
        QTest::qWait(300);
        QCOMPARE(view->trialProxy()->rowCount(), inside);
        sendMouse(pc, QEvent::MouseButtonPress, from, Qt::LeftButton);
        sendMouse(pc, QEvent::MouseButtonRelease, from, Qt::NoButton);
        QVERIFY(!pc->hasBrush());
        QCOMPARE(view->trialProxy()->rowCount(), 12);
    }

    void importanceHasOneBarPerParameter()
    {
        showFinishedSweep();
        const auto &bars = m_window->sweepsView()->importanceChart()->bars();
        QCOMPARE(bars.size(), 3);
        QCOMPARE(bars[0].name, QStringLiteral("x"));
        QCOMPARE(bars[1].name, QStringLiteral("y"));
        QCOMPARE(bars[2].name, QStringLiteral("z"));
        for (const auto &bar : bars)
            QVERIFY(bar.value >= 0 && bar.value <= 1);
        // The loss rises with x across [0, 4]; y and z move it by at most 0.45.
        QVERIFY2(bars[0].value > 0.6, qPrintable(QString::number(bars[0].value)));
        QVERIFY(bars[0].value > bars[1].value && bars[0].value > bars[2].value);
        // The same numbers as the engine's, and the chart says what they are.
        workspace::Database::ThreadPermit permit; // as another process would
        workspace::Workspace ws(m_dir.path().toStdString());
        sweep::SweepStore store(ws);
        std::vector<hpo::Trial> complete;
        for (const auto &t : store.trials(finishedSweep()))
            complete.push_back({t.number, t.params, hpo::TrialState::Complete, t.objective, {}});
        const auto expected = hpo::parameterImportance(
            hpo::SearchSpace::fromJson(store.get(finishedSweep()).spec["parameters"]), complete);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(bars[i].value, expected[size_t(i)].value);
        QVERIFY(m_window->sweepsView()->importanceChart()->toolTip().contains(
            QStringLiteral("eta squared")));
        // Each value reads beside its name, a 0 too (Qt Charts labels no bar of 0); first on top.
        QStringList categories;
        for (QAbstractAxis *axis : m_window->sweepsView()->importanceChart()->chart()->axes())
            if (auto *names = qobject_cast<QBarCategoryAxis *>(axis))
                categories = names->categories();
        QCOMPARE(categories, (QStringList{plots::ImportanceChart::categoryLabel(bars[2]),
                                          plots::ImportanceChart::categoryLabel(bars[1]),
                                          plots::ImportanceChart::categoryLabel(bars[0])}));
        QCOMPARE(plots::ImportanceChart::categoryLabel({QStringLiteral("lr"), 0.0}),
                 QStringLiteral("lr  0.00"));
    }

    void pauseResumeBudgetAndStop()
    {
        ui::SweepsView *view = m_window->sweepsView();
        QSignalSpy opened(m_window->sweepController(), &ui::SweepController::sweepOpened);
        QSignalSpy ended(m_window->sweepController(), &ui::SweepController::sweepEnded);
        m_window->sweepController()->launch(commandSweep("slow", 40, "0.2"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kSweepTimeoutMs);
        const qint64 id = opened.at(0).at(0).toLongLong();
        QTRY_COMPARE(view->currentSweepId(), id);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("running"), kSweepTimeoutMs);
        // Live: trials show up while the sweep runs, not only at its end.
        QTRY_VERIFY_WITH_TIMEOUT(view->trialModel()->rowCount() >= 2, kSweepTimeoutMs);
        QCOMPARE(ended.count(), 0);

        QTRY_VERIFY(view->pauseButton()->isEnabled());
        QTest::mouseClick(view->pauseButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("paused"), kSweepTimeoutMs);
        QTRY_VERIFY(view->resumeButton()->isEnabled());
        QVERIFY(!view->pauseButton()->isEnabled());
        QTest::mouseClick(view->resumeButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("running"), kSweepTimeoutMs);

        QCOMPARE(view->parallelSpin()->value(), 2);
        view->parallelSpin()->setValue(1);
        QTRY_COMPARE_WITH_TIMEOUT(storedSpec(id).value("parallelTrialCount", 0), 1, 10000);
        QTRY_COMPARE(view->currentSweep()->parallel, 1);
        QCOMPARE(view->maxTrialsSpin()->value(), 40);
        view->maxTrialsSpin()->setValue(30);
        QTRY_COMPARE_WITH_TIMEOUT(storedSpec(id).value("maxTrialCount", 0), 30, 10000);
        QCOMPARE(storedSpec(id).value("parallelTrialCount", 0), 1);
        QTRY_COMPARE(view->currentSweep()->maxTrials, 30);
        // Only the number edited is written: a parallelism another process set stays.
        {
            workspace::Database::ThreadPermit permit; // as another process would
            workspace::Workspace ws(m_dir.path().toStdString());
            sweep::setSweepBudget(ws, std::to_string(id), 2, std::nullopt);
        }
        view->maxTrialsSpin()->setValue(29);
        QTRY_COMPARE_WITH_TIMEOUT(storedSpec(id).value("maxTrialCount", 0), 29, 10000);
        QCOMPARE(storedSpec(id).value("parallelTrialCount", 0), 2);
        QTRY_COMPARE(view->parallelSpin()->value(), 2);

        QTRY_VERIFY(view->stopButton()->isEnabled());
        QTest::mouseClick(view->stopButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, kSweepTimeoutMs);
        QCOMPARE(QLatin1String(sweep::statusName(ended.at(0).at(1).value<sweep::SweepStatus>())),
                 QStringLiteral("stopped"));
        QTRY_COMPARE(statusOf(id), QStringLiteral("stopped"));
        QTRY_VERIFY(!view->stopButton()->isEnabled());
        // An ended sweep's budget is not for changing.
        QVERIFY(!view->parallelSpin()->isEnabled());
        QVERIFY(!view->maxTrialsSpin()->isEnabled());
        QVERIFY(m_window->errorBanner()->isHidden());
    }

    // Cancel in the jobs panel stops the sweep's job; the sweep stays resumable (interrupted),
    // and Resume runs it on.
    void cancellingTheJobInterruptsTheSweepAndResumeRunsItOn()
    {
        QSignalSpy opened(m_window->sweepController(), &ui::SweepController::sweepOpened);
        QSignalSpy ended(m_window->sweepController(), &ui::SweepController::sweepEnded);
        m_window->sweepController()->launch(commandSweep("cancelled", 40, "0.2"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kSweepTimeoutMs);
        const qint64 id = opened.at(0).at(0).toLongLong();
        ui::JobRow *row = dllab::test::newestJob(*m_window);
        QVERIFY(row);
        QVERIFY(row->name().contains(QStringLiteral("cancelled")));
        QTRY_VERIFY_WITH_TIMEOUT(row->messageText().contains(QStringLiteral("trial")),
                                 kSweepTimeoutMs);
        QTest::mouseClick(row->cancelButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, kSweepTimeoutMs);
        QCOMPARE(QLatin1String(sweep::statusName(ended.at(0).at(1).value<sweep::SweepStatus>())),
                 QStringLiteral("interrupted"));
        QCOMPARE(row->stateText(), QStringLiteral("cancelled"));
        workspace::Database::ThreadPermit permit; // as another process would
        workspace::Workspace ws(m_dir.path().toStdString());
        QVERIFY(sweep::SweepStore(ws).get(id).status == sweep::SweepStatus::Interrupted);
        QTRY_COMPARE(statusOf(id), QStringLiteral("interrupted"));
        QVERIFY(m_window->errorBanner()->isHidden());

        // Resume runs the same sweep on in this window: no finished trial is repeated or changed.
        ui::SweepsView *view = m_window->sweepsView();
        QTRY_COMPARE(view->currentSweepId(), id);
        QTRY_VERIFY(view->resumeButton()->isEnabled());
        const auto before = storedTrials(id);
        // A trial the cancel cut off reads "interrupted": nothing runs it until Resume.
        const auto cutOff = std::count_if(before.begin(), before.end(), [](const auto &t) {
            return t.state == sweep::TrialState::Queued || t.state == sweep::TrialState::Running;
        });
        const auto shownAs = [view](const QString &state) {
            const QAbstractItemModel *model = view->trialModel();
            int count = 0;
            for (int row = 0; row < model->rowCount(); ++row)
                count += model->index(row, ui::SweepTrialModel::StatusColumn).data() == state;
            return count;
        };
        QTRY_COMPARE(view->trialModel()->rowCount(), int(before.size()));
        QTRY_COMPARE(shownAs(QStringLiteral("interrupted")), int(cutOff));
        QCOMPARE(shownAs(QStringLiteral("running")), 0);
        QTest::mouseClick(view->resumeButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("running"), kSweepTimeoutMs);
        QVERIFY(dllab::test::newestJob(*m_window) != row);
        QTRY_VERIFY_WITH_TIMEOUT(storedTrials(id).size() >= before.size() + 2, kSweepTimeoutMs);
        const auto after = storedTrials(id);
        std::set<int> numbers;
        for (const auto &trial : after)
            QVERIFY(numbers.insert(trial.number).second);
        for (const auto &trial : before) {
            if (!trial.isDone())
                continue;
            const auto same = std::find_if(after.begin(), after.end(),
                                           [&](const auto &t) { return t.number == trial.number; });
            QVERIFY(same != after.end() && *same == trial);
        }
        QTRY_VERIFY(view->stopButton()->isEnabled());
        QTest::mouseClick(view->stopButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, kSweepTimeoutMs);
        QCOMPARE(ended.at(1).at(0).toLongLong(), id);
        QCOMPARE(QLatin1String(sweep::statusName(ended.at(1).at(1).value<sweep::SweepStatus>())),
                 QStringLiteral("stopped"));
        QTRY_VERIFY(!view->resumeButton()->isEnabled());
        QVERIFY(m_window->errorBanner()->isHidden());
    }

    // Every trial failed: the sweep finished, and the banner says that it gave no result.
    void aSweepWithoutACompleteTrialSaysSo()
    {
        QSignalSpy ended(m_window->sweepController(), &ui::SweepController::sweepEnded);
        json spec = commandSweep("nothing", 2, "0");
        spec["trial"]["command"] = {"/bin/sh", "-c", "echo boom >&2; exit 3"};
        m_window->sweepController()->launch(spec);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, kSweepTimeoutMs);
        QCOMPARE(QLatin1String(sweep::statusName(ended.at(0).at(1).value<sweep::SweepStatus>())),
                 QStringLiteral("finished"));
        QCOMPARE(
            ended.at(0).at(2).toString(),
            QStringLiteral("sweep nothing finished without a complete trial (2 failed, 0 pruned)"));
        QTRY_VERIFY(m_window->errorBanner()->isVisible());
        QVERIFY2(m_window->errorBanner()->text().contains(QStringLiteral("gave no result")),
                 qPrintable(m_window->errorBanner()->text()));
        m_window->errorBanner()->hide();
    }

    void theViewNamesASweepById()
    {
        const qint64 shown = finishedSweep();
        QVERIFY(m_window->setView(QStringLiteral("sweep:%1").arg(shown)));
        QTRY_COMPARE(m_window->sweepsView()->currentSweepId(), shown);
        QTRY_VERIFY(!m_window->isLoading());
        QCOMPARE(m_window->sweepsView()->trialModel()->rowCount(), 12);
        QVERIFY(!m_window->setView(QStringLiteral("sweep:x")));

        // A sweep that is not there: said in the banner; the shown sweep stays.
        QVERIFY(m_window->errorBanner()->isHidden());
        QVERIFY(m_window->setView(QStringLiteral("sweep:999")));
        QTRY_VERIFY(m_window->errorBanner()->isVisible());
        QTRY_VERIFY(!m_window->isLoading());
        QCOMPARE(m_window->sweepsView()->currentSweepId(), shown);
        m_window->errorBanner()->hide();
    }

    // The dllab executable shows a sweep by id and waits for its trials before the screenshot.
    void theExecutableScreenshotsASweep()
    {
        const QString png = m_dir.filePath(QStringLiteral("sweep.png"));
        QProcess process;
        process.start(QStringLiteral(DLLAB_GUI),
                      {QStringLiteral("--workspace"), m_dir.path(), QStringLiteral("--view"),
                       QStringLiteral("sweep:%1").arg(finishedSweep()),
                       QStringLiteral("--screenshot"), png});
        QVERIFY(process.waitForFinished(60000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1280, 800));
        // The objective plot is drawn: more than a handful of colours in the window.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4)
                colours.insert(image.pixel(x, y));
        QVERIFY(colours.size() > 50);
    }

    void theDialogNamesInvalidFieldsAndLaunches()
    {
        ui::NewSweepDialog *dialog = m_window->openNewSweepDialog();
        QVERIFY(dialog);
        QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);
        QCOMPARE(dialog->datasetCombo()->currentText(), QStringLiteral("iris@v1"));
        QVERIFY2(dialog->error().isEmpty(), qPrintable(dialog->error()));
        QVERIFY(ok->isEnabled());
        // For the docs: DLLAB_SCREENSHOT_DIR=docs writes the dialog as first opened.
        if (const QString dir = qEnvironmentVariable("DLLAB_SCREENSHOT_DIR"); !dir.isEmpty())
            QVERIFY(dialog->grab().save(dir + QStringLiteral("/screenshot-new-sweep.png")));

        // A bad bound: the engine names the parameter and the row is marked.
        QTableWidget *table = dialog->parameters()->table();
        table->item(0, ui::ParamTableEditor::MinColumn)->setText(QStringLiteral("tiny"));
        QVERIFY2(dialog->error().contains(QStringLiteral("optimizer.lr")),
                 qPrintable(dialog->error()));
        QCOMPARE(dialog->errorField(), dialog->parameters());
        QCOMPARE(dialog->errorRow(), 0);
        QVERIFY(!ok->isEnabled());
        table->item(0, ui::ParamTableEditor::MinColumn)->setText(QStringLiteral("1e-3"));
        QVERIFY2(dialog->error().isEmpty(), qPrintable(dialog->error()));

        dialog->nameEdit()->setText(QString());
        QCOMPARE(dialog->errorField(), dialog->nameEdit());
        dialog->nameEdit()->setText(QStringLiteral("iris-lr"));
        dialog->metricCombo()->setCurrentText(QString());
        QCOMPARE(dialog->errorField(), dialog->metricCombo());
        dialog->metricCombo()->setCurrentText(
            QStringLiteral("val_acc")); // runs record no such metric
        QCOMPARE(dialog->errorField(), dialog->metricCombo());
        QVERIFY2(dialog->error().contains(QStringLiteral("\"val_acc\" is not a metric")),
                 qPrintable(dialog->error()));
        QVERIFY(!ok->isEnabled());
        dialog->metricCombo()->setCurrentText(QStringLiteral("val_accuracy"));
        QCOMPARE(dialog->goalCombo()->currentText(), QStringLiteral("maximize"));
        dialog->archCombo()->setCurrentText(QStringLiteral("cnn")); // iris is a table
        QVERIFY(!dialog->error().isEmpty());
        dialog->archCombo()->setCurrentText(QStringLiteral("mlp"));
        QVERIFY2(dialog->error().isEmpty(), qPrintable(dialog->error()));

        // Two quick trials on iris, grid over batch size only.
        dialog->parameters()->removeParameter(0);
        dialog->parameters()->removeParameter(0);
        table->item(0, ui::ParamTableEditor::ValuesColumn)->setText(QStringLiteral("16, 32"));
        dialog->algorithmCombo()->setCurrentText(QStringLiteral("tpe (multivariate)"));
        QCOMPARE(dialog->spec()["algorithm"],
                 json::parse(R"({"name": "tpe", "multivariate": true, "seed": 0})"));
        dialog->algorithmCombo()->setCurrentText(QStringLiteral("grid"));
        dialog->maxTrialsSpin()->setValue(2);
        dialog->parallelSpin()->setValue(2);
        dialog->epochsSpin()->setValue(3);
        dialog->earlyStoppingCombo()->setCurrentText(QStringLiteral("median"));
        QVERIFY2(dialog->error().isEmpty(), qPrintable(dialog->error()));
        const json spec = dialog->spec();
        QCOMPARE(
            spec["parameters"],
            json::parse(R"([{"name": "batch_size", "type": "categorical", "values": [16, 32]}])"));
        QCOMPARE(spec["objective"],
                 json::parse(R"({"metric": "val_accuracy", "goal": "maximize"})"));
        QCOMPARE(spec["algorithm"]["name"], "grid");
        QCOMPARE(spec["earlyStopping"]["name"], "median");
        QCOMPARE(spec["maxFailedTrialCount"], 3);
        QCOMPARE(spec["trial"]["run"]["dataset"], "iris@v1");
        QCOMPARE(spec["trial"]["run"]["epochs"], 3);
        QVERIFY(dialog->specPreview()->toPlainText().contains(QStringLiteral("\"iris-lr\"")));

        QSignalSpy ended(m_window->sweepController(), &ui::SweepController::sweepEnded);
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 120000);
        QCOMPARE(QLatin1String(sweep::statusName(ended.at(0).at(1).value<sweep::SweepStatus>())),
                 QStringLiteral("finished"));
        const qint64 id = ended.at(0).at(0).toLongLong();
        QTRY_COMPARE(m_window->sweepsView()->currentSweepId(), id);
        QTRY_COMPARE(m_window->sweepsView()->trialModel()->rowCount(), 2);
        for (const auto &trial : storedTrials(id)) {
            QVERIFY(trial.state == sweep::TrialState::Complete);
            QVERIFY(trial.objective && *trial.objective >= 0
                    && *trial.objective <= 1); // an accuracy
        }

        // Export best…: the best trial's run, as the engine's report names it, in the Export
        // dialog.
        workspace::Database::ThreadPermit permit; // as another process would
        workspace::Workspace ws(m_dir.path().toStdString());
        sweep::SweepStore store(ws);
        const json report = sweep::sweepJson(store, store.get(id));
        ui::SweepsView *view = m_window->sweepsView();
        QTRY_VERIFY(view->exportBestButton()->isEnabled());
        // The view may still show a read from before the last trial ended; the next one agrees.
        QTRY_COMPARE_WITH_TIMEOUT(view->bestRunId(), report["best"]["run"].get<qint64>(), 10000);
        m_window->setView(ui::MainWindow::View::Runs); // the run list, which the dialog reads
        QTRY_VERIFY(m_window->runsView()->model()->runById(view->bestRunId()) != nullptr);
        m_window->setView(ui::MainWindow::View::Sweeps);
        QTest::mouseClick(view->exportBestButton(), Qt::LeftButton);
        auto *dialog2 = m_window->findChild<ui::ExportDialog *>();
        QVERIFY(dialog2 && dialog2->isVisible());
        QVERIFY(dialog2->windowTitle().startsWith(QStringLiteral("Export")));
        dialog2->close();
    }

private:
    // A finished 12-trial command sweep, run by the engine as another process would, the first
    // time a case asks for it.
    qint64 finishedSweep()
    {
        if (m_finished == 0) {
            workspace::Database::ThreadPermit permit;
            workspace::Workspace ws(m_dir.path().toStdString());
            const auto opened = sweep::openSweep(ws, commandSweep("shown", 12, "0"), false);
            sweep::runSweep(ws, opened.id, JobContext{});
            m_finished = opened.id;
        }
        return m_finished;
    }
    // This case's window shows the finished sweep, with every trial read.
    void showFinishedSweep()
    {
        const qint64 id = finishedSweep();
        QVERIFY(m_window->setView(QStringLiteral("sweep:%1").arg(id)));
        QTRY_COMPARE(m_window->sweepsView()->currentSweepId(), id);
        QTRY_COMPARE(m_window->sweepsView()->trialModel()->rowCount(), 12);
        QTRY_VERIFY(!m_window->isLoading());
    }
    std::vector<sweep::TrialRecord> storedTrials(qint64 id) const
    {
        workspace::Database::ThreadPermit permit; // as another process would
        workspace::Workspace ws(m_dir.path().toStdString());
        return sweep::SweepStore(ws).trials(id);
    }
    json storedSpec(qint64 id) const
    {
        workspace::Database::ThreadPermit permit; // as another process would
        workspace::Workspace ws(m_dir.path().toStdString());
        return sweep::SweepStore(ws).get(id).spec;
    }
    QString statusOf(qint64 id) const
    {
        const ui::SweepRow *row = m_window->sweepsView()->sweepModel()->sweepById(id);
        return row ? QLatin1String(sweep::statusName(row->status)) : QString();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ui::MainWindow> m_window;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
    qint64 m_finished = 0;
};

QTEST_MAIN(TestSweepsView)
#include "tst_sweeps_view.moc"
