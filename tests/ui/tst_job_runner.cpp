// JobRunner: work on its own thread, progress and the end delivered on the GUI thread through
// the polled buffer, the work's typed end (state, message, result), the engine's errors and
// cancellation as end states, and a destructor that stops and joins.
#include "ui/shell/job_runner.h"

#include "workspace/error.h"

#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

using dllab::ui::JobRunner;
using dllab::ui::JobState;

class TestJobRunner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void reportsProgressAndDoneOnTheGuiThread()
    {
        JobRunner runner(QStringLiteral("count"));
        QThread *guiThread = QThread::currentThread();
        std::atomic<bool> ranElsewhere = false;
        bool signalsOnGuiThread = true;
        connect(&runner, &JobRunner::progressed, this,
                [&] { signalsOnGuiThread &= QThread::currentThread() == guiThread; });
        QSignalSpy finished(&runner, &JobRunner::finished);
        runner.start([&](const dllab::JobContext &ctx) {
            ranElsewhere = QThread::currentThread() != guiThread;
            for (int i = 1; i <= 100; ++i) {
                ctx.throwIfCancelled();
                ctx.progress(i / 100.0, "step " + std::to_string(i));
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            return JobRunner::End{JobState::Done, {}, 42};
        });
        QCOMPARE(runner.state(), JobState::Running);
        QVERIFY(!runner.result().has_value());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QVERIFY(ranElsewhere);
        QVERIFY(signalsOnGuiThread);
        QVERIFY(runner.state() == JobState::Done);
        QCOMPARE(runner.fraction(), 1.0);
        QVERIFY(runner.message().isEmpty());
        QCOMPARE(std::any_cast<int>(runner.result()), 42);
    }

    void workEndsWithItsOwnStateMessageAndResult()
    {
        JobRunner runner(QStringLiteral("stops itself"));
        QSignalSpy finished(&runner, &JobRunner::finished);
        runner.start([](const dllab::JobContext &ctx) {
            int steps = 0;
            while (!ctx.stop.stop_requested()) {
                ++steps;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            return JobRunner::End{JobState::Cancelled, "stopped after some steps", steps};
        });
        QTest::qWait(30);
        runner.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QVERIFY(runner.state() == JobState::Cancelled);
        QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("stopped after some steps"));
        QVERIFY(std::any_cast<int>(runner.result()) > 0);
    }

    void errorsFailTheJobWithTheirMessage()
    {
        JobRunner runner(QStringLiteral("fail"));
        QSignalSpy finished(&runner, &JobRunner::finished);
        runner.start([](const dllab::JobContext &) -> JobRunner::End {
            throw dllab::Error("bad.csv, line 3: expected 5 fields, found 1");
        });
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QVERIFY(runner.state() == JobState::Failed);
        QCOMPARE(runner.message(), QStringLiteral("bad.csv, line 3: expected 5 fields, found 1"));
        QCOMPARE(dllab::ui::jobStateName(runner.state()), QStringLiteral("failed"));
        QVERIFY(!runner.result().has_value());
    }

    void cancelStopsTheJob()
    {
        JobRunner runner(QStringLiteral("forever"));
        QSignalSpy finished(&runner, &JobRunner::finished);
        runner.start([](const dllab::JobContext &ctx) -> JobRunner::End {
            for (;;) {
                ctx.throwIfCancelled();
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        });
        QTest::qWait(50);
        runner.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QVERIFY(runner.state() == JobState::Cancelled);
    }

    void destroyingARunningJobStopsAndJoinsIt()
    {
        std::atomic<bool> stopped = false;
        {
            JobRunner runner(QStringLiteral("left running"));
            runner.start([&](const dllab::JobContext &ctx) {
                while (!ctx.stop.stop_requested())
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                stopped = true;
                return JobRunner::End{};
            });
            QTest::qWait(20);
        }
        QVERIFY(stopped);
    }
};

QTEST_MAIN(TestJobRunner)
#include "tst_job_runner.moc"
