// The GUI's side of the engine's run queue (RunScheduler), with real runs on the 500 MNIST PNGs:
// with one slot the second run waits, queued (in the workspace too), and starts when the first
// ends; a queued run can be cancelled without touching the one training; widening to two slots
// starts a waiting run at once, and runs side by side get a share of the cores. A waiting run
// holds no thread; paused, it is paused in the workspace and can be resumed (from the start);
// pauseAll leaves the waiting runs queued in the workspace.
#include "gui_test_helpers.h"

#include "datasets/dataset_store.h"
#include "training/run_store.h"
#include "ui/runs/run_controller.h"
#include "ui/shell/jobs_panel.h"
#include "workspace/workspace.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <algorithm>
#include <thread>

using namespace dllab;
using dllab::test::sharedData;
using nlohmann::json;

namespace {

constexpr int kTimeoutMs = 120000;
// Epochs for a run the test stops itself (cancel, pause): it must not end on its own first.
constexpr int kUntilStopped = 100000;

json digitsSpec(int epochs)
{
    return {{"dataset", "digits"},
            {"model", {{"arch", "mlp"}, {"hidden", json::array({32})}}},
            {"epochs", epochs},
            {"seed", 0}};
}

// Runs are created on the controller's pool, in launch order: true once every one has its id.
bool allCreated(std::initializer_list<const ui::RunHandle *> jobs)
{
    return std::all_of(jobs.begin(), jobs.end(),
                       [](const ui::RunHandle *job) { return job->runId() > 0; });
}

} // namespace

class TestRunQueue : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::importData(m_dir.path(), "digits", sharedData(QStringLiteral("mnist-png-500")));
        m_controller.setWorkspaceDir(m_dir.path().toStdString());
    }

    void cleanupTestCase() { m_controller.pauseAll(); }

    void oneSlotRunsTheSecondAfterTheFirst()
    {
        m_controller.setMaxConcurrentRuns(1);
        QSignalSpy ended(&m_controller, &ui::RunController::runEnded);
        // The first trains long enough (a few seconds) to be seen training.
        ui::RunHandle *first = m_controller.launch(digitsSpec(300));
        ui::RunHandle *second = m_controller.launch(digitsSpec(20));
        QTRY_VERIFY_WITH_TIMEOUT(allCreated({first, second}), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(status(first->runId()), std::string("running"), kTimeoutMs);
        QCOMPARE(status(second->runId()), std::string("queued"));
        QTRY_VERIFY(second->message().contains(QStringLiteral("queued")));
        QCOMPARE(ended.count(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, kTimeoutMs);
        QCOMPARE(ended.at(0).at(0).toLongLong(), first->runId()); // first in, first out
        QCOMPARE(status(first->runId()), std::string("finished"));
        QCOMPARE(status(second->runId()), std::string("finished"));
        workspace::Database::ThreadPermit permit; // as another process would
        workspace::Workspace ws(m_dir.path().toStdString());
        training::RunStore runs(ws);
        // ISO timestamps compare as text; the second started no earlier than the first ended.
        QVERIFY(runs.get(std::to_string(second->runId())).startedAt
                >= runs.get(std::to_string(first->runId())).endedAt);
    }

    void aQueuedRunCanBeCancelledAndAWiderLimitStartsTheNext()
    {
        m_controller.setMaxConcurrentRuns(1);
        QSignalSpy ended(&m_controller, &ui::RunController::runEnded);
        // Runs this case cancels train without end: at nice 0 a 400-epoch run ended in 2 s,
        // before the checks that need it training.
        ui::RunHandle *training = m_controller.launch(digitsSpec(kUntilStopped));
        ui::RunHandle *cancelled = m_controller.launch(digitsSpec(40));
        ui::RunHandle *waiting = m_controller.launch(digitsSpec(kUntilStopped));
        QTRY_VERIFY_WITH_TIMEOUT(allCreated({training, cancelled, waiting}), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(status(training->runId()), std::string("running"), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(m_controller.queuedRuns(), 2, kTimeoutMs);

        m_controller.cancel(cancelled->runId());
        QTRY_COMPARE_WITH_TIMEOUT(status(cancelled->runId()), std::string("cancelled"), kTimeoutMs);
        QCOMPARE(status(training->runId()), std::string("running"));
        QCOMPARE(status(waiting->runId()), std::string("queued"));
        // The jobs panel's rows tell the waiting run from the training one.
        ui::JobRow waitingRow(waiting), trainingRow(training);
        QCOMPARE(waitingRow.stateText(), QStringLiteral("waiting"));
        QCOMPARE(trainingRow.stateText(), QStringLiteral("running"));

        // Two slots: the waiting run starts while the first still trains.
        m_controller.setMaxConcurrentRuns(2);
        QTRY_COMPARE_WITH_TIMEOUT(status(waiting->runId()), std::string("running"), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(waitingRow.stateText(), QStringLiteral("running"), kTimeoutMs);
        QCOMPARE(status(training->runId()), std::string("running"));
        QCOMPARE(m_controller.queuedRuns(), 0);

        // A run that starts beside another gets its share of the cores, recorded in its env.
        ui::RunHandle *shared = m_controller.launch(digitsSpec(1));
        QTRY_VERIFY_WITH_TIMEOUT(shared->runId() > 0, kTimeoutMs);
        m_controller.cancel(training->runId());
        QTRY_COMPARE_WITH_TIMEOUT(status(shared->runId()), std::string("finished"), kTimeoutMs);
        const int cores = int(std::thread::hardware_concurrency());
        QCOMPARE(env(shared->runId()).value("threads", 0), std::max(1, cores / 2));

        m_controller.cancel(waiting->runId());
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 4, kTimeoutMs);
    }

    void aQueuedRunPausedStaysQueuedAndPauseAllLeavesTheQueue()
    {
        m_controller.setMaxConcurrentRuns(1);
        QSignalSpy ended(&m_controller, &ui::RunController::runEnded);
        ui::RunHandle *training = m_controller.launch(digitsSpec(kUntilStopped)); // paused below
        ui::RunHandle *paused = m_controller.launch(digitsSpec(5));
        ui::RunHandle *fromPanel = m_controller.launch(digitsSpec(5));
        ui::RunHandle *waiting = m_controller.launch(digitsSpec(5));
        QTRY_VERIFY_WITH_TIMEOUT(allCreated({training, paused, fromPanel, waiting}), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(status(training->runId()), std::string("running"), kTimeoutMs);
        // Ids arrive before the last submit: wait for the scheduler to hold all three.
        QTRY_COMPARE_WITH_TIMEOUT(m_controller.queuedRuns(), 3, kTimeoutMs);
        QCOMPARE(paused->state(), ui::JobState::Pending); // no thread while it waits

        m_controller.pause(paused->runId());
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, kTimeoutMs);
        QCOMPARE(ended.at(0).at(0).toLongLong(), paused->runId());
        QVERIFY(ended.at(0).at(1).value<training::RunStatus>() == training::RunStatus::Paused);
        QCOMPARE(status(paused->runId()), std::string("paused"));
        QCOMPARE(m_controller.queuedRuns(), 2);

        // The jobs panel's Cancel reaches a run that has not started training.
        fromPanel->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, kTimeoutMs);
        QCOMPARE(status(fromPanel->runId()), std::string("cancelled"));
        QCOMPARE(m_controller.queuedRuns(), 1);

        m_controller.pauseAll();
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 4, kTimeoutMs);
        QCOMPARE(status(training->runId()), std::string("paused"));
        QCOMPARE(status(waiting->runId()), std::string("queued"));
        QCOMPARE(waiting->state(), ui::JobState::Paused); // left the queue, never started
        QCOMPARE(m_controller.queuedRuns(), 0);

        // The paused queued run is resumable: it trains from the start. Training again, the
        // window's scheduler also adopts the run pauseAll left queued in the workspace, so two
        // runs end, in either order (an end count of 5 could be passed between two looks).
        m_controller.resume(paused->runId());
        QTRY_COMPARE_WITH_TIMEOUT(status(paused->runId()), std::string("finished"), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(status(waiting->runId()), std::string("finished"), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 6, kTimeoutMs);
    }

    // DESIGN.md §3: a queued run lives in the workspace. `dllab-cli train --queue` twice, then
    // the window opens and trains them in order, one at a time; pause, resume and cancel reach
    // queued and training runs from either side (the CLI through the run's row).
    void runsQueuedByTheCliTrainWhenTheWindowOpens()
    {
        QTemporaryDir dir;
        test::importData(dir.path(), "digits", sharedData(QStringLiteral("mnist-png-500")));
        const auto cli = [&](QStringList args) {
            QProcess process;
            process.start(QStringLiteral(DLLAB_CLI),
                          QStringList{QStringLiteral("--workspace"), dir.path()} + args);
            process.waitForFinished(kTimeoutMs);
            return process.exitCode() == 0
                       ? json::parse(process.readAllStandardOutput().toStdString())
                       : json();
        };
        const QStringList queue = {QStringLiteral("train"),  QStringLiteral("--dataset"),
                                   QStringLiteral("digits"), QStringLiteral("--epochs"),
                                   QStringLiteral("3"),      QStringLiteral("--queue"),
                                   QStringLiteral("--json")};
        const qint64 first = cli(queue).value("run", 0), second = cli(queue).value("run", 0);
        QVERIFY(first > 0 && second > first);
        QCOMPARE(status(dir, first), std::string("queued"));

        ui::RunController window; // as dllab's window: it adopts the workspace's queue
        QSignalSpy ended(&window, &ui::RunController::runEnded);
        window.setWorkspaceDir(dir.path().toStdString());
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, kTimeoutMs);
        QCOMPARE(ended.at(0).at(0).toLongLong(), first);
        QCOMPARE(status(dir, first), std::string("finished"));
        QCOMPARE(status(dir, second), std::string("finished"));
        QVERIFY(record(dir, second).startedAt >= record(dir, first).endedAt); // "at once" 1

        QStringList longer = queue;
        longer[4] = QStringLiteral("400");
        const qint64 training = cli(longer).value("run", 0);
        QTRY_COMPARE_WITH_TIMEOUT(status(dir, training), std::string("running"), kTimeoutMs);
        const qint64 pausedByCli = cli(queue).value("run", 0);
        const qint64 cancelledHere = cli(queue).value("run", 0);
        QTRY_COMPARE_WITH_TIMEOUT(window.queuedRuns(), 2, kTimeoutMs);
        QVERIFY(!cli({QStringLiteral("runs"), QStringLiteral("pause"), QString::number(pausedByCli),
                      QStringLiteral("--json")})
                     .is_null());
        window.cancel(cancelledHere);
        QTRY_COMPARE_WITH_TIMEOUT(status(dir, cancelledHere), std::string("cancelled"), kTimeoutMs);
        QCOMPARE(status(dir, pausedByCli), std::string("paused"));
        QTRY_COMPARE_WITH_TIMEOUT(window.queuedRuns(), 0, kTimeoutMs);
        // The CLI cancels the run this window trains, through its row.
        QVERIFY(!cli({QStringLiteral("runs"), QStringLiteral("cancel"), QString::number(training),
                      QStringLiteral("--json")})
                     .is_null());
        QTRY_COMPARE_WITH_TIMEOUT(status(dir, training), std::string("cancelled"), kTimeoutMs);
        // Resumed here, the paused one trains.
        window.resume(pausedByCli);
        QTRY_COMPARE_WITH_TIMEOUT(status(dir, pausedByCli), std::string("finished"), kTimeoutMs);
    }

private:
    static std::string status(const QTemporaryDir &dir, qint64 runId)
    {
        return training::statusName(record(dir, runId).status);
    }
    static training::RunRecord record(const QTemporaryDir &dir, qint64 runId)
    {
        workspace::Database::ThreadPermit permit; // as another process would
        workspace::Workspace ws(dir.path().toStdString());
        return training::RunStore(ws).get(runId);
    }
    std::string status(qint64 runId) const
    {
        workspace::Database::ThreadPermit permit; // as another process would
        workspace::Workspace ws(m_dir.path().toStdString());
        return training::statusName(training::RunStore(ws).get(std::to_string(runId)).status);
    }
    json env(qint64 runId) const
    {
        workspace::Database::ThreadPermit permit; // as another process would
        workspace::Workspace ws(m_dir.path().toStdString());
        return training::RunStore(ws).get(std::to_string(runId)).env;
    }

    QTemporaryDir m_dir;
    ui::RunController m_controller;
};

QTEST_MAIN(TestRunQueue)
#include "tst_run_queue.moc"
