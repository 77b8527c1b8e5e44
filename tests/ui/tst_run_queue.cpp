// The GUI's training queue with real runs on the 500 MNIST PNGs: with one slot the second run
// waits, queued (in the workspace too), and starts when the first ends; a queued run can be
// cancelled without touching the one training; widening to two slots starts a waiting run at
// once, and runs side by side get a share of the cores. A waiting run holds no thread; paused, it
// stays queued in the workspace and can be resumed; pauseAll leaves the waiting runs queued.
#include "gui_test_helpers.h"

#include "datasets/dataset_store.h"
#include "training/run_store.h"
#include "ui/jobs_panel.h"
#include "ui/run_controller.h"
#include "workspace/workspace.h"

#include <QSignalSpy>
#include <QTemporaryDir>

#include <algorithm>
#include <thread>

using namespace dllab;
using dllab::test::sharedData;
using nlohmann::json;

namespace {

constexpr int kTimeoutMs = 120000;

json digitsSpec(int epochs)
{
    return {{"dataset", "digits"}, {"model", {{"arch", "mlp"}, {"hidden", json::array({32})}}},
            {"epochs", epochs}, {"seed", 0}};
}

// Runs are created on pool threads, in any order: true once every one has its id.
bool allCreated(std::initializer_list<const ui::RunJob *> jobs)
{
    return std::all_of(jobs.begin(), jobs.end(), [](const ui::RunJob *job) { return job->runId() > 0; });
}

} // namespace

class TestRunQueue : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        workspace::Workspace ws(m_dir.path().toStdString());
        datasets::DatasetStore(ws).importFiles(
            "digits", {sharedData(QStringLiteral("mnist-png-500")).toStdString()}, {}, "test data", {});
        m_controller.setWorkspaceDir(m_dir.path().toStdString());
    }

    void cleanupTestCase() { m_controller.pauseAll(); }

    void oneSlotRunsTheSecondAfterTheFirst()
    {
        m_controller.setMaxConcurrentRuns(1);
        QSignalSpy ended(&m_controller, &ui::RunController::runEnded);
        // The first trains long enough (a few seconds) to be seen training.
        ui::RunJob *first = m_controller.launch(digitsSpec(300));
        ui::RunJob *second = m_controller.launch(digitsSpec(20));
        QTRY_VERIFY_WITH_TIMEOUT(allCreated({first, second}), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(status(first->runId()), std::string("running"), kTimeoutMs);
        QCOMPARE(status(second->runId()), std::string("queued"));
        QTRY_VERIFY(second->runner()->message().contains(QStringLiteral("queued")));
        QCOMPARE(ended.count(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, kTimeoutMs);
        QCOMPARE(ended.at(0).at(0).toLongLong(), first->runId()); // first in, first out
        QCOMPARE(status(first->runId()), std::string("finished"));
        QCOMPARE(status(second->runId()), std::string("finished"));
        workspace::Workspace ws(m_dir.path().toStdString());
        training::RunStore runs(ws);
        // ISO timestamps compare as text; the second started no earlier than the first ended.
        QVERIFY(runs.get(std::to_string(second->runId())).startedAt >=
                runs.get(std::to_string(first->runId())).endedAt);
    }

    void aQueuedRunCanBeCancelledAndAWiderLimitStartsTheNext()
    {
        m_controller.setMaxConcurrentRuns(1);
        QSignalSpy ended(&m_controller, &ui::RunController::runEnded);
        ui::RunJob *training = m_controller.launch(digitsSpec(400));
        ui::RunJob *cancelled = m_controller.launch(digitsSpec(40));
        ui::RunJob *waiting = m_controller.launch(digitsSpec(400));
        QTRY_VERIFY_WITH_TIMEOUT(allCreated({training, cancelled, waiting}), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(status(training->runId()), std::string("running"), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(m_controller.queuedRuns(), 2, kTimeoutMs);

        m_controller.cancel(cancelled->runId());
        QTRY_COMPARE_WITH_TIMEOUT(status(cancelled->runId()), std::string("cancelled"), kTimeoutMs);
        QCOMPARE(status(training->runId()), std::string("running"));
        QCOMPARE(status(waiting->runId()), std::string("queued"));
        // The jobs panel's rows tell the waiting run from the training one.
        ui::JobRow waitingRow(waiting->runner()), trainingRow(training->runner());
        QCOMPARE(waitingRow.stateText(), QStringLiteral("waiting"));
        QCOMPARE(trainingRow.stateText(), QStringLiteral("running"));

        // Two slots: the waiting run starts while the first still trains.
        m_controller.setMaxConcurrentRuns(2);
        QTRY_COMPARE_WITH_TIMEOUT(status(waiting->runId()), std::string("running"), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(waitingRow.stateText(), QStringLiteral("running"), kTimeoutMs);
        QCOMPARE(status(training->runId()), std::string("running"));
        QCOMPARE(m_controller.queuedRuns(), 0);

        // A run launched with two slots gets its share of the cores, recorded in its spec.
        ui::RunJob *shared = m_controller.launch(digitsSpec(1));
        QTRY_VERIFY_WITH_TIMEOUT(shared->runId() > 0, kTimeoutMs);
        const int cores = int(std::thread::hardware_concurrency());
        QCOMPARE(spec(shared->runId()).value("threads", 0), std::max(1, cores / 2));

        for (ui::RunJob *job : {training, waiting, shared})
            m_controller.cancel(job->runId());
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 4, kTimeoutMs);
    }

    void aQueuedRunPausedStaysQueuedAndPauseAllLeavesTheQueue()
    {
        m_controller.setMaxConcurrentRuns(1);
        QSignalSpy ended(&m_controller, &ui::RunController::runEnded);
        ui::RunJob *training = m_controller.launch(digitsSpec(400));
        ui::RunJob *paused = m_controller.launch(digitsSpec(5));
        ui::RunJob *fromPanel = m_controller.launch(digitsSpec(5));
        ui::RunJob *waiting = m_controller.launch(digitsSpec(5));
        QTRY_VERIFY_WITH_TIMEOUT(allCreated({training, paused, fromPanel, waiting}), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(status(training->runId()), std::string("running"), kTimeoutMs);
        QCOMPARE(m_controller.queuedRuns(), 3);
        QCOMPARE(paused->runner()->state(), ui::JobState::Pending); // no thread while it waits

        m_controller.pause(paused->runId());
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, kTimeoutMs);
        QCOMPARE(ended.at(0).at(0).toLongLong(), paused->runId());
        QCOMPARE(ended.at(0).at(1).toString(), QStringLiteral("paused"));
        QCOMPARE(status(paused->runId()), std::string("queued"));
        QCOMPARE(m_controller.queuedRuns(), 2);

        // The jobs panel's Cancel reaches a run that has not started training.
        fromPanel->runner()->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, kTimeoutMs);
        QCOMPARE(status(fromPanel->runId()), std::string("cancelled"));
        QCOMPARE(m_controller.queuedRuns(), 1);

        m_controller.pauseAll();
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 4, kTimeoutMs);
        QCOMPARE(status(training->runId()), std::string("paused"));
        QCOMPARE(status(waiting->runId()), std::string("queued"));
        QVERIFY(!waiting->hasTrained());
        QCOMPARE(m_controller.queuedRuns(), 0);

        // The paused queued run is resumable: it trains from the start.
        m_controller.resume(paused->runId());
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 5, kTimeoutMs);
        QCOMPARE(status(paused->runId()), std::string("finished"));
    }

private:
    std::string status(qint64 runId) const
    {
        workspace::Workspace ws(m_dir.path().toStdString());
        return training::RunStore(ws).get(std::to_string(runId)).status;
    }
    json spec(qint64 runId) const
    {
        workspace::Workspace ws(m_dir.path().toStdString());
        return training::RunStore(ws).get(std::to_string(runId)).spec;
    }

    QTemporaryDir m_dir;
    ui::RunController m_controller;
};

QTEST_MAIN(TestRunQueue)
#include "tst_run_queue.moc"
