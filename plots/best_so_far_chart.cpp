#include "best_so_far_chart.h"

#include "chart_style.h"

#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace dllab::plots {

BestSoFarChart::BestSoFarChart(QWidget *parent)
    : QChartView(parent), m_complete(new QScatterSeries), m_pruned(new QScatterSeries),
      m_bestLine(new QLineSeries), m_x(new QValueAxis), m_y(new QValueAxis)
{
    setObjectName(QStringLiteral("bestSoFarChart"));
    auto *chart = new QChart;
    applyChartStyle(chart);
    chart->setTitle(tr("Objective per trial"));
    m_complete->setName(tr("trial"));
    m_complete->setMarkerSize(7);
    m_complete->setColor(accentColor());
    m_complete->setBorderColor(accentColor().darker(120));
    m_pruned->setName(tr("pruned"));
    m_pruned->setMarkerSize(7);
    m_pruned->setColor(Qt::white);
    m_pruned->setBorderColor(QColor(0x9a, 0xa0, 0xa8));
    m_bestLine->setName(tr("best so far"));
    QPen pen(QColor(0xd9, 0x6c, 0x1e), 2.0);
    m_bestLine->setPen(pen);
    chart->addSeries(m_bestLine);
    chart->addSeries(m_pruned);
    chart->addSeries(m_complete);
    m_x->setTitleText(tr("trial"));
    m_x->setLabelFormat(QStringLiteral("%d"));
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0);
    m_y->setLabelFormat(QStringLiteral("%.3g"));
    applyAxisStyle(m_x);
    applyAxisStyle(m_y);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (QXYSeries *series :
         {static_cast<QXYSeries *>(m_bestLine), static_cast<QXYSeries *>(m_pruned),
          static_cast<QXYSeries *>(m_complete)}) {
        series->attachAxis(m_x);
        series->attachAxis(m_y);
    }
    chart->legend()->setAlignment(Qt::AlignBottom);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(240, 180);
    clear();
}

void BestSoFarChart::clear() { setTrials({}, true, QString(), 0); }

void BestSoFarChart::setTrials(std::vector<TrialPoint> points, bool higherIsBetter,
                               const QString &metric, int lastTrial)
{
    std::sort(points.begin(), points.end(),
              [](const TrialPoint &a, const TrialPoint &b) { return a.number < b.number; });
    QList<QPointF> complete, pruned, step;
    m_best.clear();
    double lo = 0, hi = 1;
    bool any = false;
    for (const TrialPoint &p : points) {
        if (!std::isfinite(p.objective))
            continue;
        lo = any ? std::min(lo, p.objective) : p.objective;
        hi = any ? std::max(hi, p.objective) : p.objective;
        any = true;
        if (!p.complete) {
            pruned << QPointF(p.number, p.objective);
            continue;
        }
        complete << QPointF(p.number, p.objective);
        const bool better =
            m_best.empty()
            || (higherIsBetter ? p.objective > m_best.back().y() : p.objective < m_best.back().y());
        const double best = better ? p.objective : m_best.back().y();
        if (!m_best.empty()) // the step: hold the old best up to this trial, then jump
            step << QPointF(p.number, m_best.back().y());
        step << QPointF(p.number, best);
        m_best.emplace_back(p.number, best);
    }
    if (!m_best.empty() && lastTrial > m_best.back().x())
        step << QPointF(lastTrial, m_best.back().y());
    m_complete->replace(complete);
    m_pruned->replace(pruned);
    m_bestLine->replace(step);
    const double pad = hi > lo ? (hi - lo) * 0.08 : std::max(1e-3, std::fabs(hi) * 0.05);
    m_y->setRange(lo - pad, hi + pad);
    m_y->applyNiceNumbers(); // round ticks (0, 2.5, 5...), not the data's own ends
    const int last = std::max(lastTrial, points.empty() ? 0 : points.back().number);
    m_x->setRange(-0.5, last + 0.5);
    // Whole trial numbers only: ticks anchored at 0, every 1, 2, 5, 10... trials.
    int interval = 1;
    for (int step : {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000})
        if ((interval = step) * 10 >= last + 1)
            break;
    m_x->setTickInterval(interval);
    m_y->setTitleText(metric.isEmpty() ? tr("objective") : metric);
    chart()->setTitle(metric.isEmpty()
                          ? tr("Objective per trial")
                          : tr("%1 per trial (%2)")
                                .arg(metric, higherIsBetter ? tr("maximize") : tr("minimize")));
}

} // namespace dllab::plots
