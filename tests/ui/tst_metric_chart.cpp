// MetricChart and its arithmetic: min/max decimation keeps every column's extremes, EMA values,
// a log axis with non-positive values, zoom and reset, hover read-out and export.
#include "plots/metric_chart.h"
#include "plots/recent_folder.h"
#include "plots/series_math.h"

#include <QChart>
#include <QFile>
#include <QLegend>
#include <QLogValueAxis>
#include <QSettings>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

#include <cmath>
#include <random>

using dllab::plots::MetricChart;

namespace {

std::vector<QPointF> noisy(int n, unsigned seed = 1)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0, 0.1);
    std::vector<QPointF> points;
    points.reserve(n);
    for (int i = 0; i < n; ++i)
        points.emplace_back(i, 1.0 / (1 + i * 1e-3) + noise(rng));
    return points;
}

} // namespace

class TestMetricChart : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decimationKeepsMinAndMaxPerColumn()
    {
        std::vector<QPointF> points = noisy(100000);
        points[31337].setY(50.0);  // a spike
        points[77777].setY(-40.0); // a dip
        const int columns = 500;
        const QList<QPointF> out = dllab::plots::decimateMinMax(points, 0, 99999, columns);
        QVERIFY(out.size() <= 2 * columns + 2);
        QCOMPARE(out.first(), points.front());
        QCOMPARE(out.last(), points.back());
        QVERIFY(out.contains(points[31337]));
        QVERIFY(out.contains(points[77777]));
        // Every column's own min and max survive, in x order.
        const double scale = columns / 99999.0;
        std::vector<double> lo(columns, 1e9), hi(columns, -1e9);
        for (const QPointF &p : points) {
            const int c = std::min(columns - 1, int(p.x() * scale));
            lo[c] = std::min(lo[c], p.y());
            hi[c] = std::max(hi[c], p.y());
        }
        std::vector<double> seenLo(columns, 1e9), seenHi(columns, -1e9);
        for (int i = 0; i < out.size(); ++i) {
            if (i > 0)
                QVERIFY(out[i].x() > out[i - 1].x());
            const int c = std::min(columns - 1, int(out[i].x() * scale));
            seenLo[c] = std::min(seenLo[c], out[i].y());
            seenHi[c] = std::max(seenHi[c], out[i].y());
        }
        for (int c = 0; c < columns; ++c) {
            QCOMPARE(seenLo[c], lo[c]);
            QCOMPARE(seenHi[c], hi[c]);
        }
    }

    void decimationOfAZoomedRangeKeepsTheNeighbours()
    {
        const std::vector<QPointF> points = noisy(10000);
        const QList<QPointF> out = dllab::plots::decimateMinMax(points, 1000.5, 2000.5, 100);
        QCOMPARE(out.first(), points[1000]); // the point just left of the range
        QCOMPARE(out.last(), points[2001]);  // and just right of it
        // Few points: nothing is dropped.
        const QList<QPointF> few = dllab::plots::decimateMinMax(points, 10, 20, 100);
        QCOMPARE(few.size(), 13);
    }

    void emaMatchesTheFormula()
    {
        const std::vector<QPointF> in{{0, 1.0}, {1, 2.0}, {2, 4.0}, {3, NAN}, {4, 0.0}};
        const auto out = dllab::plots::emaSmooth(in, 0.5);
        // Debiased: the first value is the first point, not half of it.
        QCOMPARE(out[0].y(), 1.0);
        QCOMPARE(out[1].y(), (0.25 * 1 + 0.5 * 2) / 0.75);
        QCOMPARE(out[2].y(), (0.125 * 1 + 0.25 * 2 + 0.5 * 4) / 0.875);
        QVERIFY(std::isnan(out[3].y())); // passed through, not averaged in
        QCOMPARE(out[4].y(), (0.0625 * 1 + 0.125 * 2 + 0.25 * 4 + 0.5 * 0) / 0.9375);
        // Weight 0 is the raw line.
        const auto raw = dllab::plots::emaSmooth(in, 0.0);
        QCOMPARE(raw[2].y(), 4.0);

        // The chart's incremental smoothing agrees with the batch one.
        MetricChart chart;
        chart.addSeries(QStringLiteral("s"), {QStringLiteral("s"), Qt::blue});
        chart.setSmoothing(0.5);
        chart.appendPoints(QStringLiteral("s"), {in[0], in[1]});
        chart.appendPoints(QStringLiteral("s"), {in[2]});
        chart.rebuildNow();
        const QList<QPointF> drawn = chart.drawnPoints(QStringLiteral("s"));
        QCOMPARE(drawn.size(), 3);
        QCOMPARE(drawn.at(2).y(), out[2].y());
    }

    void logAxisLeavesOutNonPositiveValues()
    {
        MetricChart chart;
        chart.resize(600, 400);
        chart.addSeries(QStringLiteral("loss"), {QStringLiteral("loss"), Qt::red});
        chart.appendPoints(QStringLiteral("loss"),
                           {{0, 2.0}, {1, 0.0}, {2, -1.0}, {3, 0.5}, {4, NAN}, {5, 0.01}});
        chart.setLogY(true);
        chart.rebuildNow();
        QCOMPARE(chart.drawnPointCount(QStringLiteral("loss")), 3);
        const QRectF range = chart.visibleRange();
        QVERIFY(range.top() > 0);
        QVERIFY(range.top() <= 0.01);
        QVERIFY(range.bottom() >= 2.0);
        // Only non-positive values: still a valid axis and nothing drawn.
        chart.setPoints(QStringLiteral("loss"), {{0, 0.0}, {1, -3.0}});
        chart.rebuildNow();
        QCOMPARE(chart.drawnPointCount(QStringLiteral("loss")), 0);
        QVERIFY(chart.visibleRange().top() > 0);
        chart.setLogY(false);
        chart.rebuildNow();
        QCOMPARE(chart.drawnPointCount(QStringLiteral("loss")), 2);
    }

    void aMillionPointsAreDrawnDecimated()
    {
        MetricChart chart;
        chart.resize(800, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.addSeries(QStringLiteral("big"), {QStringLiteral("big"), Qt::darkGreen});
        chart.appendPoints(QStringLiteral("big"), noisy(1000000));
        chart.rebuildNow();
        QCOMPARE(chart.pointCount(QStringLiteral("big")), 1000000);
        QVERIFY(chart.drawnPointCount(QStringLiteral("big")) <= 2 * 800 + 4);
        // Zooming in draws the detail of the new range.
        chart.zoomTo(QRectF(QPointF(1000, -1), QPointF(1100, 3)));
        chart.rebuildNow();
        QVERIFY(chart.zoomed());
        QCOMPARE(chart.drawnPointCount(QStringLiteral("big")), 103);
        QTest::mouseDClick(chart.viewport(), Qt::LeftButton, {}, QPoint(400, 200));
        chart.rebuildNow();
        QVERIFY(!chart.zoomed());
        QCOMPARE(chart.visibleRange().left(), 0.0);
    }

    void wheelZoomsAndHoverReadsTheNearestPoint()
    {
        MetricChart chart;
        chart.resize(600, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.addSeries(QStringLiteral("a"), {QStringLiteral("run-1 val_loss"), Qt::blue});
        chart.appendPoints(QStringLiteral("a"), {{0, 0}, {10, 10}});
        chart.rebuildNow();
        QTest::qWait(50); // let the chart lay out its plot area
        const QPointF on = chart.chart()->mapToPosition(QPointF(10, 10));
        const QPoint at = chart.mapFromScene(chart.chart()->mapToScene(on));
        QMouseEvent move(QEvent::MouseMove, QPointF(at - QPoint(3, -3)),
                         chart.viewport()->mapToGlobal(QPointF(at - QPoint(3, -3))), Qt::NoButton,
                         Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(chart.viewport(), &move);
        QTRY_VERIFY(chart.readout().startsWith(QStringLiteral("run-1 val_loss")));
        QVERIFY(chart.readout().contains(QStringLiteral("x = 10")));

        const double before = chart.visibleRange().width();
        QWheelEvent wheel(QPointF(300, 200), chart.mapToGlobal(QPoint(300, 200)), QPoint(),
                          QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(chart.viewport(), &wheel);
        QVERIFY(chart.zoomed());
        QVERIFY(chart.visibleRange().width() < before);
    }

    void exportsCsvAndPng()
    {
        QTemporaryDir dir;
        MetricChart chart;
        chart.resize(400, 300);
        chart.addSeries(QStringLiteral("a"), {QStringLiteral("run-1, loss"), Qt::blue});
        chart.appendPoints(QStringLiteral("a"), {{1, 0.5}, {2, 0.25}});
        QVERIFY(chart.exportCsv(dir.filePath(QStringLiteral("m.csv"))));
        QFile csv(dir.filePath(QStringLiteral("m.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(csv.readAll()).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QStringLiteral("series,x,y,smoothed"));
        QCOMPARE(lines[2], QStringLiteral("\"run-1, loss\",2,0.25,0.25"));
        QCOMPARE(chart.exportPng(dir.filePath(QStringLiteral("m.png"))),
                 dir.filePath(QStringLiteral("m.png")));
        QCOMPARE(QImage(dir.filePath(QStringLiteral("m.png"))).size(), QSize(400, 300));
        // A name typed without the suffix still makes a PNG file that says so.
        QCOMPARE(chart.exportPng(dir.filePath(QStringLiteral("plain"))),
                 dir.filePath(QStringLiteral("plain.png")));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("plain.png"))));
        QVERIFY(chart.exportPng(dir.filePath(QStringLiteral("no/such/folder/x"))).isEmpty());
    }

    // Accuracies from 0.8 to 1 on a log axis: whole decades, so more than one tick is labelled;
    // on a linear axis the padding stops at the ceiling of 1.
    void accuracyAxesShowTicksAndStopAtOne()
    {
        MetricChart chart;
        chart.resize(600, 400);
        chart.setYCeiling(1.0);
        chart.addSeries(QStringLiteral("acc"), {QStringLiteral("val"), Qt::blue});
        chart.appendPoints(QStringLiteral("acc"), {{1, 0.8}, {2, 0.93}, {3, 1.0}});
        chart.rebuildNow();
        QCOMPARE(chart.visibleRange().bottom(), 1.0);
        const auto *linear = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Vertical).first());
        QVERIFY(linear);
        QCOMPARE(linear->max(), 1.0); // not 1.1
        chart.setLogY(true);
        chart.rebuildNow();
        QCOMPARE(chart.visibleRange().top(), 0.1);
        QCOMPARE(chart.visibleRange().bottom(), 1.0);
        const auto *log = qobject_cast<QLogValueAxis *>(chart.chart()->axes(Qt::Vertical).first());
        QVERIFY(log);
        QCOMPARE(log->min(), 0.1);
        QCOMPARE(log->max(), 1.0); // ticks at 0.1 and 1
        QCOMPARE(chart.chart()->legend()->markerShape(), QLegend::MarkerShapeFromSeries);
    }

    // Zoomed to an odd range, the ticks are round numbers inside it.
    void aZoomedAxisHasRoundTicks()
    {
        MetricChart chart;
        chart.resize(600, 400);
        chart.addSeries(QStringLiteral("a"), {QStringLiteral("a"), Qt::blue});
        chart.appendPoints(QStringLiteral("a"), noisy(1000));
        chart.zoomTo(QRectF(QPointF(92.0331, 0.41), QPointF(316.38, 0.93)));
        chart.rebuildNow();
        const auto *x = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Horizontal).first());
        QCOMPARE(x->tickType(), QValueAxis::TicksDynamic);
        QCOMPARE(x->tickInterval(), 50.0);
        QCOMPARE(x->tickAnchor(), 100.0);
        const auto *y = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Vertical).first());
        QCOMPARE(y->tickInterval(), 0.2);
        QVERIFY(std::abs(y->tickAnchor() - 0.6) < 1e-9);
        chart.resetZoom();
        chart.rebuildNow();
        QCOMPARE(x->tickType(), QValueAxis::TicksFixed);
    }

    // File dialogs open where the user last chose something, across sessions.
    void dialogsOpenInTheLastFolderUsed()
    {
        QTemporaryDir settings, data;
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
        QCOMPARE(dllab::plots::recentFolder(), QDir::homePath()); // nothing chosen yet
        QVERIFY(QDir(data.path()).mkpath(QStringLiteral("runs")));
        dllab::plots::rememberFolder(data.filePath(QStringLiteral("runs/loss.png")));
        QCOMPARE(dllab::plots::recentFolder(), data.filePath(QStringLiteral("runs")));
        dllab::plots::rememberFolder(data.path()); // a folder is kept itself
        QCOMPARE(dllab::plots::recentFolder(), data.path());
        dllab::plots::rememberFolder(QString());
        QCOMPARE(dllab::plots::recentFolder(), data.path());
    }

    // Side by side, the loss (per step, from x = 0.01) and the accuracy (per epoch, from 1)
    // follow one x range.
    void alignedChartsShareTheirXRange()
    {
        MetricChart loss, accuracy;
        loss.addSeries(QStringLiteral("l"), {QStringLiteral("train"), Qt::blue});
        loss.appendPoints(QStringLiteral("l"), {{0.01, 2.0}, {2.5, 1.0}, {3.0, 0.5}});
        accuracy.addSeries(QStringLiteral("a"), {QStringLiteral("val"), Qt::blue});
        accuracy.appendPoints(QStringLiteral("a"), {{1, 0.5}, {2, 0.7}, {3, 0.8}});
        MetricChart::alignX({&loss, &accuracy});
        loss.rebuildNow();
        accuracy.rebuildNow();
        QCOMPARE(loss.visibleRange().left(), accuracy.visibleRange().left());
        QCOMPARE(loss.visibleRange().right(), accuracy.visibleRange().right());
        QCOMPARE(accuracy.visibleRange().left(), 0.01);
    }
};

QTEST_MAIN(TestMetricChart)
#include "tst_metric_chart.moc"
