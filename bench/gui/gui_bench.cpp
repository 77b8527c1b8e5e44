// GUI benchmark, run by hand, offscreen:
//  1. event-loop latency: how late a 1 ms timer fires (p50, p99, max) while a run trains in the
//     background (RunController, as the GUI launches it; its points reach the chart through the
//     WorkspaceMonitor) and a 100k-point MetricChart takes new points at 30 Hz; the same loop
//     idle is the reference measured in the same run;
//  2. MetricChart redraw time (rebuild + paint) at 1k, 100k and 1M points, with and without
//     min/max decimation.
// Usage: dllab-gui-bench [--seconds S] [--data DIR] (DIR holds mnist-10k; default: shared data).
#include "datasets/dataset_store.h"
#include "plots/metric_chart.h"
#include "training/run_spec.h"
#include "ui/runs/run_charts_panel.h"
#include "ui/runs/run_controller.h"
#include "ui/shell/workspace_monitor.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

using namespace dllab;

namespace {

// Times every top-level event dispatch so a latency spike can be traced to what held the loop.
class TracingApplication : public QApplication {
public:
    using QApplication::QApplication;
    struct Slow {
        double ms;
        QString what;
    };
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_depth++ > 0) {
            const bool r = QApplication::notify(receiver, event);
            --m_depth;
            return r;
        }
        const QString what = QStringLiteral("%1 -> %2 %3")
                                 .arg(int(event->type()))
                                 .arg(QString::fromLatin1(receiver->metaObject()->className()),
                                      receiver->objectName());
        QElapsedTimer t;
        t.start();
        const bool r = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = double(t.nsecsElapsed()) / 1e6;
        if (ms > 10)
            slow.push_back({ms, what});
        return r;
    }
    void printSlow()
    {
        std::sort(slow.begin(), slow.end(),
                  [](const Slow &a, const Slow &b) { return a.ms > b.ms; });
        for (size_t i = 0; i < std::min<size_t>(slow.size(), 8); ++i)
            std::printf("    slow event %7.2f ms: %s\n", slow[i].ms, qPrintable(slow[i].what));
        slow.clear();
    }
    std::vector<Slow> slow;

private:
    int m_depth = 0;
};

struct Latency {
    double p50 = 0, p99 = 0, max = 0;
    size_t samples = 0;
};

// Runs the event loop for `seconds`, firing a 1 ms precise timer; lateness is how much longer
// than 1 ms each interval took.
Latency measureLatency(double seconds)
{
    std::vector<double> late;
    QElapsedTimer clock;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(1);
    qint64 last = -1;
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (last >= 0)
            late.push_back(std::max(0.0, double(now - last) / 1e6 - 1.0));
        last = now;
        if (now > qint64(seconds * 1e9))
            QCoreApplication::exit(0);
    });
    if (auto *app = dynamic_cast<TracingApplication *>(QCoreApplication::instance()))
        app->slow.clear(); // only what happens while measuring
    clock.start();
    timer.start();
    QCoreApplication::exec();
    if (auto *app = dynamic_cast<TracingApplication *>(QCoreApplication::instance());
        app && qEnvironmentVariableIsSet("DLLAB_TRACE"))
        app->printSlow();
    std::sort(late.begin(), late.end());
    Latency out;
    out.samples = late.size();
    if (late.empty())
        return out;
    out.p50 = late[late.size() / 2];
    out.p99 = late[std::min(late.size() - 1, size_t(double(late.size()) * 0.99))];
    out.max = late.back();
    return out;
}

std::vector<QPointF> noisyCurve(size_t n, double x0 = 0)
{
    std::mt19937 rng(7);
    std::normal_distribution<double> noise(0, 0.05);
    std::vector<QPointF> points(n);
    for (size_t i = 0; i < n; ++i) {
        const double x = x0 + double(i);
        points[i] = QPointF(x, 2.0 * std::exp(-x / 3e4) + 0.1 + noise(rng));
    }
    return points;
}

// Median wall time of rebuild + synchronous paint, in ms.
double redrawMs(plots::MetricChart &chart, int repeats)
{
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer t;
        t.start();
        chart.rebuildNow();
        chart.viewport()->repaint();
        times.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

void printLatency(const char *what, const Latency &l)
{
    std::printf("| %-44s | %8.3f | %8.3f | %8.3f | %8zu |\n", what, l.p50, l.p99, l.max, l.samples);
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    TracingApplication app(argc, argv);
    double seconds = 15;
    QString data = QStringLiteral(DLLAB_SHARED_DATA);
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--seconds"))
            seconds = args[i + 1].toDouble();
        if (args[i] == QLatin1String("--data"))
            data = args[i + 1];
    }

    // Redraw time.
    std::printf("## MetricChart redraw (rebuild + paint, 1000x500 px, median)\n\n");
    std::printf("| points    | decimated (ms) | drawn points | not decimated (ms) | ratio |\n");
    std::printf("|-----------|----------------|--------------|--------------------|-------|\n");
    for (size_t n : {size_t(1000), size_t(100000), size_t(1000000)}) {
        plots::MetricChart chart;
        chart.resize(1000, 500);
        chart.show();
        chart.addSeries(QStringLiteral("s"), {QStringLiteral("loss"), QColor(0x1f, 0x77, 0xb4)});
        chart.setPoints(QStringLiteral("s"), noisyCurve(n));
        chart.setDecimation(true);
        QCoreApplication::processEvents(); // the chart lays out its plot area once shown
        const double on = redrawMs(chart, 7);
        const qsizetype drawn = chart.drawnPointCount(QStringLiteral("s"));
        chart.setDecimation(false);
        const double off = redrawMs(chart, n >= 1000000 ? 3 : 5);
        std::printf("| %9zu | %14.2f | %12lld | %18.2f | %5.1fx |\n", n, on, (long long)drawn, off,
                    off / on);
        std::fflush(stdout);
    }

    // Event-loop latency, idle first (the reference), then under load.
    std::printf("\n## Event-loop latency: lateness of a 1 ms timer (ms), %.0f s each\n\n", seconds);
    std::printf("| %-44s | %8s | %8s | %8s | %8s |\n", "condition", "p50", "p99", "max", "samples");
    std::printf("|----------------------------------------------|----------|----------|----------|-"
                "---------|\n");
    printLatency("idle event loop", measureLatency(std::min(seconds, 5.0)));
    std::fflush(stdout);

    QTemporaryDir dir;
    {
        workspace::Workspace ws(dir.path().toStdString());
        datasets::DatasetStore(ws).importFiles(
            "mnist", {(data + QStringLiteral("/mnist-10k")).toStdString()}, {}, "bench", {});
    }
    ui::WorkspaceMonitor monitor;
    monitor.setWorkspaceDir(dir.path().toStdString());
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *panel = new ui::RunChartsPanel(&monitor);
    auto *big = new plots::MetricChart;
    layout->addWidget(panel);
    layout->addWidget(big);
    window.resize(1200, 800);
    window.show();
    panel->setWorkspaceDir(dir.path().toStdString());

    // The 100k-point chart: a sliding series that takes 100 new points 30 times a second.
    big->addSeries(QStringLiteral("big"),
                   {QStringLiteral("100k points"), QColor(0xd6, 0x27, 0x28)});
    big->setSmoothing(0.6);
    big->setPoints(QStringLiteral("big"), noisyCurve(100000));
    double nextX = 100000;
    QTimer feed;
    feed.setInterval(33);
    QObject::connect(&feed, &QTimer::timeout, [&] {
        big->appendPoints(QStringLiteral("big"), noisyCurve(100, nextX));
        nextX += 100;
    });

    ui::RunController controller;
    controller.setWorkspaceDir(dir.path().toStdString());
    QObject::connect(&controller, &ui::RunController::runCreated, [&](qint64 id) {
        panel->setRuns({ui::ChartRun{id, QStringLiteral("run-%1").arg(id)}});
    });
    qint64 points = 0;
    QObject::connect(&monitor, &ui::WorkspaceMonitor::metricsArrived,
                     [&](qint64, const ui::MetricPoints &p) { points += qint64(p.size()); });
    feed.start();
    printLatency("100k-point chart taking points at 30 Hz", measureLatency(seconds));
    std::fflush(stdout);
    feed.stop();

    nlohmann::json spec = training::defaultRunSpec();
    spec["dataset"] = "mnist@v1";
    spec["epochs"] = 1000; // longer than the measurement; paused at the end
    controller.launch(spec);
    // Let the run load its data and start stepping before measuring.
    QTimer::singleShot(3000, &app, [] { QCoreApplication::exit(0); });
    QCoreApplication::exec();
    printLatency("training run (its live charts only)", measureLatency(seconds));
    std::fflush(stdout);
    feed.start();
    const Latency loaded = measureLatency(seconds);
    printLatency("training run + 100k-point chart at 30 Hz", loaded);
    std::printf("\nlive metric points delivered to the GUI: %lld; 100k chart now %lld points\n",
                (long long)points, (long long)big->pointCount(QStringLiteral("big")));
    std::printf("targets: p99 < 16 ms, max < 50 ms: %s\n",
                loaded.p99 < 16 && loaded.max < 50 ? "met" : "NOT met");
    feed.stop();
    controller.pauseAll();
    return 0;
}
