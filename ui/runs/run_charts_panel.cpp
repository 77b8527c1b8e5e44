#include "ui/runs/run_charts_panel.h"

#include "plots/metric_chart.h"
#include "ui/shell/workspace_monitor.h"
#include "workspace/workspace.h"

#include <QHBoxLayout>
#include <QSet>
#include <QVBoxLayout>

#include <algorithm>
#include <string_view>

namespace dllab::ui {

namespace {

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
    // A regression run's counterpart of accuracy: 1 is exact, 0 no better than the mean.
    {"val_r2", false, "val R²", Qt::DashDotLine},
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

// The colour a run is drawn in everywhere (stable per run id).
QColor runColor(qint64 runId)
{
    // Tableau 10: distinct for the handful of runs one compares.
    static const QColor palette[] = {{0x1f, 0x77, 0xb4}, {0xff, 0x7f, 0x0e}, {0x2c, 0xa0, 0x2c},
                                     {0xd6, 0x27, 0x28}, {0x94, 0x67, 0xbd}, {0x8c, 0x56, 0x4b},
                                     {0xe3, 0x77, 0xc2}, {0x7f, 0x7f, 0x7f}, {0xbc, 0xbd, 0x22},
                                     {0x17, 0xbe, 0xcf}};
    return palette[(runId > 0 ? runId - 1 : 0) % 10];
}

} // namespace

RunChartsPanel::RunChartsPanel(WorkspaceMonitor *monitor, QWidget *parent)
    : QWidget(parent), m_monitor(monitor), m_controls(new plots::ChartControls),
      m_loss(new plots::MetricChart), m_accuracy(new plots::MetricChart)
{
    m_loss->setObjectName(QStringLiteral("lossChart"));
    m_accuracy->setObjectName(QStringLiteral("accuracyChart"));
    m_loss->setTitle(tr("Loss"));
    m_accuracy->setTitle(tr("Accuracy / R²"));
    m_accuracy->setYCeiling(1.0); // neither an accuracy nor an R² goes above 1

    m_controls->addChart(m_loss);
    m_controls->addChart(m_accuracy);

    auto *charts = new QHBoxLayout;
    charts->setSpacing(4);
    charts->addWidget(m_loss);
    charts->addWidget(m_accuracy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_controls);
    layout->addLayout(charts, 1);

    const auto showXAxis = [this](plots::XAxis axis) {
        m_loss->setAxisTitles(plots::xAxisTitle(axis), tr("loss"));
        m_accuracy->setAxisTitles(plots::xAxisTitle(axis), tr("accuracy or R²"));
        for (qint64 id : m_runs.keys())
            feedAll(id);
        m_loss->resetZoom();
        m_accuracy->resetZoom();
    };
    // In Epoch mode the loss starts at a fraction of the first epoch and val accuracy at 1: one
    // x range for both, so an epoch is at the same place in each.
    for (plots::MetricChart *chart : {m_loss, m_accuracy})
        connect(chart, &plots::MetricChart::rebuilt, this, [this] {
            plots::MetricChart::alignX({m_loss, m_accuracy});
        });
    showXAxis(m_controls->xAxis());
    connect(m_controls, &plots::ChartControls::xAxisChanged, this, showXAxis);
    if (m_monitor) {
        connect(m_monitor, &WorkspaceMonitor::metricsArrived, this, &RunChartsPanel::addPoints);
        connect(m_monitor, &WorkspaceMonitor::metricsReplaced, this,
                &RunChartsPanel::replacePoints);
    }
}

void RunChartsPanel::setWorkspaceDir(const std::filesystem::path &dir)
{
    m_workspaceDir = dir;
    setRuns({});
}

void RunChartsPanel::setRuns(const QList<ChartRun> &runs)
{
    for (plots::MetricChart *chart : {m_loss, m_accuracy})
        chart->setEmptyText(runs.isEmpty() ? tr("Select runs in the table to plot them")
                                           : tr("No points yet"));
    QSet<qint64> wanted;
    for (const ChartRun &run : runs)
        wanted.insert(run.id);
    for (qint64 id : m_runs.keys()) {
        if (!wanted.contains(id)) {
            if (m_monitor)
                m_monitor->unfollow(id);
            removeSeriesFor(id);
            m_runs.remove(id);
        }
    }
    for (const ChartRun &run : runs) {
        if (m_runs.contains(run.id))
            continue;
        RunData data;
        data.run = run;
        data.read = std::make_shared<LatestRead<MetricPoints>>(this);
        addSeriesFor(data);
        m_runs.insert(run.id, data);
        load(run.id);
    }
}

// Reads all the run's points, then follows it from the last row read: no point is missed or
// read twice, and a run that trains later (a resume) goes on from there.
void RunChartsPanel::load(qint64 runId)
{
    RunData &data = m_runs[runId];
    data.read->read(
        [dir = m_workspaceDir, runId, monitor = m_monitor]() -> MetricPoints {
            int64_t lastRow = 0;
            MetricPoints points;
            try {
                workspace::Workspace ws(dir); // this pool thread's own connection
                points = training::RunStore(ws).metricsAfter(runId, lastRow);
            } catch (const std::exception &) {
                // a run deleted meanwhile simply shows no points
            }
            if (monitor) // from the pool thread, so no point written after this read is lost
                monitor->follow(runId, lastRow);
            return points;
        },
        [this, runId](MetricPoints points) {
            auto it = m_runs.find(runId);
            if (it == m_runs.end())
                return;
            merge(*it, points, false);
            merge(*it, it->pending, false); // written after the read: they follow it
            it->pending.clear();
            feedAll(runId);
        });
}

void RunChartsPanel::replacePoints(qint64 runId, const MetricPoints &points)
{
    auto it = m_runs.find(runId);
    if (it == m_runs.end())
        return;
    it->read->drop(); // a first read still under way may hold the deleted points
    it->pending.clear();
    it->byKey.clear();
    it->stepsPerEpoch = it->maxStep = it->startWallMs = 0;
    merge(*it, points, false);
    feedAll(runId);
}

void RunChartsPanel::addSeriesFor(const RunData &data)
{
    const QColor color = runColor(data.run.id);
    for (const KeyStyle &style : kKeys) {
        plots::MetricChart *chart = style.loss ? m_loss : m_accuracy;
        chart->addSeries(
            seriesId(data.run.id, style.key),
            {QStringLiteral("%1 %2").arg(data.run.name, QString::fromUtf8(style.suffix)), color,
             style.pen, std::string_view(style.key) == "train_loss"});
    }
}

void RunChartsPanel::removeSeriesFor(qint64 runId)
{
    for (const KeyStyle &style : kKeys)
        (style.loss ? m_loss : m_accuracy)->removeSeries(seriesId(runId, style.key));
}

bool RunChartsPanel::isLoading() const
{
    return std::any_of(m_runs.begin(), m_runs.end(),
                       [](const RunData &data) { return data.read->busy(); });
}

void RunChartsPanel::addPoints(qint64 runId, const MetricPoints &points)
{
    auto it = m_runs.find(runId);
    if (it == m_runs.end())
        return;
    if (it->read->busy()) // the monitor follows from the read's last row: these come after it
        it->pending.insert(it->pending.end(), points.begin(), points.end());
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
        || (m_controls->xAxis() == plots::XAxis::Epoch
            && (!epochKnown || data.stepsPerEpoch == 0))) {
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
