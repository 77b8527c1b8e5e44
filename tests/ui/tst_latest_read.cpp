// LatestRead: one read on a worker at a time, the newest request waiting (replacing any waiting
// one), only the newest answer delivered, on the GUI thread; drop() and a destroyed owner deliver
// nothing.
#include "ui/shell/latest_read.h"

#include <QThread>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

using dllab::ui::LatestRead;

namespace {

// A read that takes a while and counts how many run at once.
struct SlowReads {
    std::atomic<int> running = 0, most = 0, started = 0;
    int operator()(int value)
    {
        ++started;
        const int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {}
        std::this_thread::sleep_for(std::chrono::milliseconds(60));
        --running;
        return value;
    }
};

} // namespace

class TestLatestRead : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deliversOnlyTheNewestAndRunsOneAtATime()
    {
        QObject owner;
        LatestRead<int> read(&owner);
        SlowReads reads;
        QList<int> delivered;
        bool onGuiThread = true;
        for (int i = 1; i <= 5; ++i)
            read.read([&reads, i] { return reads(i); },
                      [&](int value) {
                          onGuiThread &= QThread::currentThread() == qApp->thread();
                          delivered << value;
                      });
        QVERIFY(read.busy());
        QTRY_VERIFY(!read.busy());
        QCOMPARE(delivered, QList<int>{5});
        QVERIFY(onGuiThread);
        QCOMPARE(reads.most.load(), 1);
        // The first ran; 2-4 were replaced while they waited and never ran.
        QCOMPARE(reads.started.load(), 2);
    }

    void dropDeliversNothing()
    {
        QObject owner;
        LatestRead<int> read(&owner);
        SlowReads reads;
        bool delivered = false;
        read.read([&reads] { return reads(1); }, [&](int) { delivered = true; });
        read.drop();
        QVERIFY(!read.busy());
        QTest::qWait(200);
        QVERIFY(!delivered);
        // The next read still runs and is answered.
        read.read([&reads] { return reads(2); }, [&](int) { delivered = true; });
        QTRY_VERIFY(delivered);
    }

    void aDestroyedOwnerIsAnsweredNothing()
    {
        SlowReads reads;
        bool delivered = false;
        {
            QObject owner;
            LatestRead<int> read(&owner);
            read.read([&reads] { return reads(1); }, [&](int) { delivered = true; });
        }
        QTRY_COMPARE(reads.running.load(), 0);
        QTest::qWait(100);
        QVERIFY(!delivered);
    }
};

QTEST_MAIN(TestLatestRead)
#include "tst_latest_read.moc"
