#include "importance_chart.h"

#include "chart_style.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QHorizontalBarSeries>
#include <QValueAxis>

#include <algorithm>

namespace dllab::plots {

ImportanceChart::ImportanceChart(QWidget *parent) : QChartView(parent)
{
    setObjectName(QStringLiteral("importanceChart"));
    auto *chart = new QChart;
    applyChartStyle(chart);
    chart->setTitle(tr("Parameter importance"));
    chart->legend()->hide();
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(200, 160);
    setBars({});
}

void ImportanceChart::setExplanation(const QString &axisTitle, const QString &tooltip)
{
    m_axisTitle = axisTitle;
    setToolTip(tooltip);
    // Only the value axis's title changes; the bars stay as they are.
    for (QAbstractAxis *axis : chart()->axes())
        if (auto *values = qobject_cast<QValueAxis *>(axis))
            values->setTitleText(m_axisTitle);
}

void ImportanceChart::setBars(const QList<ImportanceBar> &bars)
{
    m_bars = bars;
    QChart *c = chart();
    clearChart(c);
    auto *set = new QBarSet(tr("importance"));
    set->setColor(accentColor());
    set->setBorderColor(accentColor().darker(115));
    set->setLabelColor(QColor(0x3c, 0x42, 0x4a));
    QStringList names;
    // Qt stacks categories bottom-up; reversed, the first parameter is on top, as in the table.
    for (auto it = bars.rbegin(); it != bars.rend(); ++it) {
        names << it->name;
        *set << std::clamp(it->value, 0.0, 1.0);
    }
    auto *series = new QHorizontalBarSeries;
    series->append(set);
    series->setBarWidth(0.6);
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(2);
    // Past the bar's end, so a short bar's value still reads.
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    c->addSeries(series);
    auto *categories = new QBarCategoryAxis;
    auto *values = new QValueAxis;
    categories->append(names);
    values->setRange(0, 1);
    values->setTickCount(6);
    values->setLabelFormat(QStringLiteral("%.1f"));
    values->setTitleText(m_axisTitle);
    addBarAxes(c, series, categories, values, true);
}

} // namespace dllab::plots
