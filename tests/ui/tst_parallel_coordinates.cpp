// The parallel-coordinates plot on hand-made data: where values sit on linear, log and
// categorical axes, brushing by mouse and by call, and which brushes survive new data.
#include "plots/parallel_coordinates.h"

#include <QSignalSpy>
#include <QtTest>

#include <cmath>

using namespace dllab::plots;

namespace {

std::vector<PcAxis> axes()
{
    PcAxis lr{QStringLiteral("lr"), PcAxis::Kind::Log, 1e-4, 1e-1, {}};
    PcAxis act{QStringLiteral("act"), PcAxis::Kind::Categorical, 0, 0, {"relu", "tanh", "gelu"}};
    PcAxis acc{QStringLiteral("acc"), PcAxis::Kind::Linear, 0.5, 1.0, {}};
    return {lr, act, acc};
}

std::vector<PcItem> items()
{
    return {{0, {1e-4, 0, 0.6}, 0.6},
            {1, {1e-3, 1, 0.8}, 0.8},
            {2, {1e-2, 2, 0.9}, 0.9},
            {3, {1e-1, NAN, 1.0}, 1.0}};
}

} // namespace

class TestParallelCoordinates : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void valuesSitWhereTheirScaleSays()
    {
        ParallelCoordinates pc;
        pc.resize(600, 300);
        pc.setData(axes(), items(), true, 2);
        // Log: 1e-4 .. 1e-1 in three equal decades.
        const double bottom = pc.pointAt(0, 1e-4).y(), top = pc.pointAt(0, 1e-1).y();
        QVERIFY(bottom > top);
        QVERIFY(std::fabs(pc.pointAt(0, 1e-3).y() - (bottom + (top - bottom) / 3)) < 1e-9);
        QVERIFY(std::fabs(pc.valueAt(0, pc.pointAt(0, 3e-3).y()) - 3e-3) < 1e-12);
        // Categorical: evenly spaced, first at the bottom, last at the top.
        QCOMPARE(pc.pointAt(1, 0).y(), bottom);
        QCOMPARE(pc.pointAt(1, 2).y(), top);
        QVERIFY(std::fabs(pc.pointAt(1, 1).y() - (bottom + top) / 2) < 1e-9);
        // Axes are evenly spread across the width.
        QVERIFY(pc.pointAt(0, 1e-3).x() < pc.pointAt(1, 0).x());
        QVERIFY(std::fabs((pc.pointAt(1, 0).x() - pc.pointAt(0, 1).x())
                          - (pc.pointAt(2, 0.7).x() - pc.pointAt(1, 0).x()))
                < 1e-9);
        QVERIFY(!pc.grab().isNull()); // paints without trouble, NaN included
    }

    void brushesFilterAndSurviveNewData()
    {
        ParallelCoordinates pc;
        pc.resize(600, 300);
        pc.setData(axes(), items(), true, 2);
        QSignalSpy changed(&pc, &ParallelCoordinates::brushChanged);
        QCOMPARE(pc.brushedIds(), (QSet<int>{0, 1, 2, 3}));

        pc.setBrush(2, 0.75, 0.95);
        QCOMPARE(pc.brushedIds(), (QSet<int>{1, 2}));
        pc.setBrush(1, 1.5, 2.5); // "gelu"
        QCOMPARE(pc.brushedIds(), (QSet<int>{2}));
        pc.setBrush(1, 0, 2); // an item without a value on a brushed axis is out
        pc.clearBrush(2);
        QCOMPARE(pc.brushedIds(), (QSet<int>{0, 1, 2}));
        QCOMPARE(changed.count(), 4);

        // New items, same axes: the brush stays. Another axis list: it goes.
        auto more = items();
        more.push_back({4, {5e-2, 1, 0.7}, 0.7});
        pc.setData(axes(), more, true, 2);
        QVERIFY(pc.brush(1));
        QCOMPARE(pc.brushedIds(), (QSet<int>{0, 1, 2, 4}));
        auto other = axes();
        other[1].title = QStringLiteral("activation");
        pc.setData(other, more, true, 2);
        QVERIFY(!pc.hasBrush());
        QCOMPARE(pc.brushedIds().size(), 5);
    }

    void dragBrushesAndClickClears()
    {
        ParallelCoordinates pc;
        pc.resize(600, 300);
        pc.setData(axes(), items(), true, 2);
        const QPointF from = pc.pointAt(0, 5e-4), to = pc.pointAt(0, 2e-2);
        QTest::mousePress(&pc, Qt::LeftButton, {}, from.toPoint());
        QMouseEvent move(QEvent::MouseMove, to, pc.mapToGlobal(to), Qt::NoButton, Qt::LeftButton,
                         {});
        QApplication::sendEvent(&pc, &move);
        QTest::mouseRelease(&pc, Qt::LeftButton, {}, to.toPoint());
        QVERIFY(pc.brush(0));
        QCOMPARE(pc.brushedIds(), (QSet<int>{1, 2}));
        QTest::mouseClick(&pc, Qt::LeftButton, {}, pc.pointAt(0, 1e-3).toPoint());
        QVERIFY(!pc.brush(0));
    }
};

QTEST_MAIN(TestParallelCoordinates)
#include "tst_parallel_coordinates.moc"
