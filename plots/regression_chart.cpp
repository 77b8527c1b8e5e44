#include "regression_chart.h"

#include "chart_style.h"
#include "class_distribution_chart.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace dllab::plots {

namespace {

QValueAxis *valueAxis(const QString &title, double low, double high)
{
    auto *axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setRange(low, high);
    axis->setLabelFormat(QStringLiteral("%.4g"));
    axis->applyNiceNumbers();
    applyAxisStyle(axis);
    return axis;
}

} // namespace

RegressionChart::RegressionChart(QWidget *parent)
    : QWidget(parent), m_scatter(new QChartView), m_residuals(new ClassDistributionChart)
{
    auto *chart = new QChart;
    applyChartStyle(chart);
    chart->setTitle(tr("Predicted against actual"));
    chart->legend()->hide();
    m_scatter->setChart(chart);
    m_scatter->setRenderHint(QPainter::Antialiasing);
    m_scatter->setMinimumSize(240, 180);
    m_scatter->setObjectName(QStringLiteral("regressionScatter"));
    m_residuals->chart()->setTitle(tr("Residuals (predicted − actual)"));
    m_residuals->setObjectName(QStringLiteral("residualHistogram"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scatter, 3);
    layout->addWidget(m_residuals, 2);
}

void RegressionChart::setData(const QString &target, const QList<RegressionPoint> &points,
                              const QList<qint64> &residualCounts, double residualLow,
                              double residualHigh)
{
    m_points = points;
    QChart *chart = m_scatter->chart();
    clearChart(chart);
    m_series = nullptr;
    double low = std::numeric_limits<double>::max(), high = std::numeric_limits<double>::lowest();
    for (const RegressionPoint &p : points) {
        low = std::min({low, p.actual, p.predicted});
        high = std::max({high, p.actual, p.predicted});
    }
    if (!points.isEmpty()) {
        if (!(high > low)) {
            low -= 1;
            high += 1;
        }
        auto *diagonal = new QLineSeries;
        diagonal->setName(tr("exact"));
        diagonal->append(low, low);
        diagonal->append(high, high);
        QPen pen(QColor(0x9c, 0xa3, 0xaf));
        pen.setStyle(Qt::DashLine);
        diagonal->setPen(pen);
        m_series = new QScatterSeries;
        m_series->setName(tr("samples"));
        m_series->setMarkerSize(points.size() > 500 ? 5 : 8);
        m_series->setColor(accentColor());
        m_series->setBorderColor(accentColor());
        QList<QPointF> xy;
        xy.reserve(points.size());
        for (const RegressionPoint &p : points)
            xy << QPointF(p.actual, p.predicted);
        m_series->append(xy);
        chart->addSeries(diagonal);
        chart->addSeries(m_series);
        auto *x = valueAxis(tr("actual %1").arg(target), low, high);
        auto *y = valueAxis(tr("predicted %1").arg(target), low, high);
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        for (QAbstractSeries *series : chart->series()) {
            series->attachAxis(x);
            series->attachAxis(y);
        }
        connect(m_series, &QScatterSeries::clicked, this, &RegressionChart::onScatterClicked);
    }

    // The residual bins as bars labelled by their centres.
    ClassDistributionChart::Counts bins;
    const int count = int(residualCounts.size());
    const double width = count > 0 ? (residualHigh - residualLow) / count : 0.0;
    for (int b = 0; b < count; ++b)
        bins << qMakePair(QString::number(residualLow + (b + 0.5) * width, 'g', 3),
                          residualCounts[b]);
    m_residuals->setCounts(bins);
    m_residuals->chart()->setTitle(tr("Residuals (predicted − actual)"));
}

void RegressionChart::onScatterClicked(const QPointF &where)
{
    // The nearest point in screen terms: both axes share the same range, so plain distance.
    int best = -1;
    double bestDistance = std::numeric_limits<double>::max();
    for (int i = 0; i < m_points.size(); ++i) {
        const double dx = m_points[i].actual - where.x(), dy = m_points[i].predicted - where.y();
        const double distance = dx * dx + dy * dy;
        if (distance < bestDistance) {
            bestDistance = distance;
            best = i;
        }
    }
    if (best >= 0)
        Q_EMIT pointClicked(best);
}

} // namespace dllab::plots
