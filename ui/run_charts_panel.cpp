#include "run_charts_panel.h"

#include "plots/metric_chart.h"
#include "workspace/workspace.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QSet>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <string_view>

namespace dllab::ui {

namespace {

constexpr int kLiveReloadMs = 2000;

struct KeyStyle {
    const char *key;
    bool loss; // which chart
    const char *suffix;
    Qt::PenStyle pen;
};

// Per-step train loss is the noisy line smoothing is for; the epoch-level lines are dashed.
const KeyStyle kKeys[] = {
    {"train_loss", true, "train", Qt::SolidLine},
    {"val_loss", true, "val", Qt::DashLine},
    {"train_accuracy", false, "train", Qt::SolidLine},
    {"val_accuracy", false, "val", Qt::DashLine},
};

const KeyStyle *styleOf(const std::string &key)
{
    for (const KeyStyle &style : kKeys) {
        if (key == style.key)
            return &style;
    }
    return nullptr;
}

QString seriesId(qint64 runId, const char *key)
{
    return QStringLiteral("%1:%2").arg(runId).arg(QLatin1String(key));
}

struct LoadedMetrics {
    MetricPoints points;
    int64_t lastRow = 0;
};

// The run's points written after `afterRow` (0: all).
LoadedMetrics loadMetrics(const std::filesystem::path &dir, qint64 runId, int64_t afterRow)
{
    LoadedMetrics loaded{{}, afterRow};
    try {
        workspace::Workspace ws(dir); // this pool thread's own connection
        loaded.points = training::RunStore(ws).metricsAfter(runId, loaded.lastRow);
    } catch (const std::exception &) {
        // a run deleted meanwhile simply shows no points
    }
    return loaded;
}

} // namespace

QColor RunChartsPanel::runColor(qint64 runId)
{
    // Tableau 10: distinct for the handful of runs one compares.
    static const QColor palette[] = {{0x1f, 0x77, 0xb4}, {0xff, 0x7f, 0x0e}, {0x2c, 0xa0, 0x2c},
                                     {0xd6, 0x27, 0x28}, {0x94, 0x67, 0xbd}, {0x8c, 0x56, 0x4b},
                                     {0xe3, 0x77, 0xc2}, {0x7f, 0x7f, 0x7f}, {0xbc, 0xbd, 0x22},
                                     {0x17, 0xbe, 0xcf}};
    return palette[(runId > 0 ? runId - 1 : 0) % 10];
}

RunChartsPanel::RunChartsPanel(QWidget *parent)
    : QWidget(parent), m_controls(new plots::ChartControls), m_loss(new plots::MetricChart),
      m_accuracy(new plots::MetricChart)
{
    m_loss->setObjectName(QStringLiteral("lossChart"));
    m_accuracy->setObjectName(QStringLiteral("accuracyChart"));
    m_loss->setTitle(tr("Loss"));
    m_accuracy->setTitle(tr("Accuracy"));
    m_controls->addChart(m_loss);
    m_controls->addChart(m_accuracy);
    const QString x = plots::xAxisTitle(m_controls->xAxis());
    m_loss->setAxisTitles(x, tr("loss"));
    m_accuracy->setAxisTitles(x, tr("accuracy"));

    auto *charts = new QHBoxLayout;
    charts->setSpacing(4);
    charts->addWidget(m_loss);
    charts->addWidget(m_accuracy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_controls);
    layout->addLayout(charts, 1);

    connect(m_controls, &plots::ChartControls::xAxisChanged, this, [this](plots::XAxis axis) {
        m_loss->setAxisTitles(plots::xAxisTitle(axis), tr("loss"));
        m_accuracy->setAxisTitles(plots::xAxisTitle(axis), tr("accuracy"));
        for (qint64 id : m_runs.keys())
            feedAll(id);
        m_loss->resetZoom();
        m_accuracy->resetZoom();
    });
    m_liveTimer.setInterval(kLiveReloadMs);
    connect(&m_liveTimer, &QTimer::timeout, this, &RunChartsPanel::reloadLive);
    m_liveTimer.start();
}

void RunChartsPanel::setWorkspaceDir(const std::filesystem::path &dir)
{
    m_workspaceDir = dir;
    setRuns({});
}

void RunChartsPanel::setRuns(const QList<ChartRun> &runs)
{
    QSet<qint64> wanted;
    for (const ChartRun &run : runs)
        wanted.insert(run.id);
    for (qint64 id : m_runs.keys()) {
        if (!wanted.contains(id)) {
            removeSeriesFor(id);
            m_runs.remove(id);
        }
    }
    for (const ChartRun &run : runs) {
        auto it = m_runs.find(run.id);
        if (it != m_runs.end()) {
            if (it->run.reloadPeriodically != run.reloadPeriodically) {
                // It started or stopped training elsewhere: read it all again, which also gets
                // the last points it wrote since the previous read.
                // A read under way is answered to no one: reload draws a new generation.
                it->run.reloadPeriodically = run.reloadPeriodically;
                it->lastRow = 0;
                it->loading = false;
                reload(run.id);
            }
            continue;
        }
        RunData data;
        data.run = run;
        addSeriesFor(data);
        m_runs.insert(run.id, data);
        reload(run.id);
    }
}

void RunChartsPanel::addSeriesFor(const RunData &data)
{
    const QColor color = runColor(data.run.id);
    for (const KeyStyle &style : kKeys) {
        plots::MetricChart *chart = style.loss ? m_loss : m_accuracy;
        chart->addSeries(seriesId(data.run.id, style.key),
                         {QStringLiteral("%1 %2").arg(data.run.name, QLatin1String(style.suffix)),
                          color, style.pen, std::string_view(style.key) == "train_loss"});
    }
}

void RunChartsPanel::removeSeriesFor(qint64 runId)
{
    for (const KeyStyle &style : kKeys)
        (style.loss ? m_loss : m_accuracy)->removeSeries(seriesId(runId, style.key));
}

void RunChartsPanel::reload(qint64 runId)
{
    auto it = m_runs.find(runId);
    if (it == m_runs.end() || it->loading)
        return;
    it->loading = true;
    const quint64 generation = ++m_generation;
    it->generation = generation;
    const int64_t afterRow = it->lastRow;
    auto *watcher = new QFutureWatcher<LoadedMetrics>(this);
    connect(watcher, &QFutureWatcher<LoadedMetrics>::finished, this,
            [this, watcher, runId, generation, afterRow] {
        watcher->deleteLater();
        auto it = m_runs.find(runId);
        if (it == m_runs.end() || it->generation != generation)
            return; // deselected (or reselected) while it loaded
        it->loading = false;
        const LoadedMetrics result = watcher->result();
        if (afterRow > 0) {
            // A live run read on: its new points go on, as points from this process do.
            merge(*it, result.points, true);
        } else {
            // Points that arrived live while this loaded may be newer than the store's; they go
            // on top. Older ones are replaced by the store's, which knows about resumes.
            it->byKey.clear();
            it->stepsPerEpoch = it->maxStep = it->startWallMs = 0;
            merge(*it, result.points, false);
            merge(*it, it->pendingLive, false);
            it->pendingLive.clear();
            feedAll(runId);
        }
        it->lastRow = result.lastRow;
        Q_EMIT loaded(runId);
    });
    watcher->setFuture(QtConcurrent::run(loadMetrics, m_workspaceDir, runId, afterRow));
}

bool RunChartsPanel::isLoading() const
{
    for (const RunData &data : m_runs) {
        if (data.loading)
            return true;
    }
    return false;
}

void RunChartsPanel::reloadLive()
{
    for (const RunData &data : std::as_const(m_runs)) {
        if (data.run.reloadPeriodically)
            reload(data.run.id);
    }
}

void RunChartsPanel::addPoints(qint64 runId, const MetricPoints &points)
{
    auto it = m_runs.find(runId);
    if (it == m_runs.end())
        return;
    if (it->loading)
        it->pendingLive.insert(it->pendingLive.end(), points.begin(), points.end());
    else
        merge(*it, points, true);
}

// Keeps each key's points in step order. A point at or before the key's last step restarts the
// key from there: a resumed run trains again from its checkpoint, or the store repeats a point.
void RunChartsPanel::merge(RunData &data, const MetricPoints &points, bool feedCharts)
{
    const bool epochKnown = data.stepsPerEpoch > 0;
    bool rewound = false;
    std::map<std::string, std::vector<QPointF>> fresh;
    for (const training::MetricPoint &p : points) {
        auto &list = data.byKey[p.key];
        if (!list.empty() && p.step <= list.back().step) {
            const auto cut = std::lower_bound(
                list.begin(), list.end(), p.step,
                [](const training::MetricPoint &q, int64_t step) { return q.step < step; });
            list.erase(cut, list.end());
            rewound = true;
        }
        list.push_back(p);
        if (data.startWallMs == 0 || p.wallMs < data.startWallMs)
            data.startWallMs = p.wallMs;
        data.maxStep = std::max(data.maxStep, p.step);
        if (data.stepsPerEpoch == 0 && p.epoch && p.key == "val_loss" && *p.epoch > 0)
            data.stepsPerEpoch = p.step / *p.epoch;
        if (feedCharts && styleOf(p.key))
            fresh[p.key].push_back(toXY(data, p));
    }
    if (!feedCharts)
        return;
    // Epoch x needs steps per epoch; until the first epoch ends it is estimated, so redraw all.
    if (rewound
        || (m_controls->xAxis() == plots::XAxis::Epoch && (!epochKnown || data.stepsPerEpoch == 0))) {
        feedAll(data.run.id);
        return;
    }
    for (auto &[key, xy] : fresh) {
        const KeyStyle *style = styleOf(key);
        (style->loss ? m_loss : m_accuracy)->appendPoints(seriesId(data.run.id, style->key), xy);
    }
}

QPointF RunChartsPanel::toXY(const RunData &data, const training::MetricPoint &p) const
{
    double x = double(p.step);
    switch (m_controls->xAxis()) {
    case plots::XAxis::Step:
        break;
    case plots::XAxis::Epoch:
        x = data.stepsPerEpoch > 0 ? double(p.step) / double(data.stepsPerEpoch)
                                   : double(p.step) / double(std::max<int64_t>(data.maxStep, 1));
        break;
    case plots::XAxis::WallTime:
        x = double(p.wallMs - data.startWallMs) / 1000.0;
        break;
    }
    return {x, p.value};
}

void RunChartsPanel::feedAll(qint64 runId)
{
    const auto it = m_runs.constFind(runId);
    if (it == m_runs.constEnd())
        return;
    for (const KeyStyle &style : kKeys) {
        std::vector<QPointF> xy;
        const auto found = it->byKey.find(style.key);
        if (found != it->byKey.end()) {
            xy.reserve(found->second.size());
            for (const training::MetricPoint &p : found->second)
                xy.push_back(toXY(*it, p));
        }
        (style.loss ? m_loss : m_accuracy)->setPoints(seriesId(runId, style.key), std::move(xy));
    }
}

} // namespace dllab::ui
