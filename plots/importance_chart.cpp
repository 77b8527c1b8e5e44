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

QString ImportanceChart::categoryLabel(const ImportanceBar &bar)
{
    return QStringLiteral("%1  %2").arg(bar.name).arg(std::clamp(bar.value, 0.0, 1.0), 0, 'f', 2);
}

void ImportanceChart::setBars(const QList<ImportanceBar> &bars)
{
    m_bars = bars;
    QChart *c = chart();
    clearChart(c);
    auto *set = new QBarSet(tr("importance"));
    set->setColor(accentColor());
    set->setBorderColor(accentColor().darker(115));
    QStringList names;
    // Qt stacks categories bottom-up; reversed, the first parameter is on top, as in the table.
    // The value goes with the name, not on the bar: Qt Charts draws no label on a bar of 0, and
    // 0 (no sign of an effect) is a common answer that must read as one, not as a missing bar.
    for (auto it = bars.rbegin(); it != bars.rend(); ++it) {
        names << categoryLabel(*it);
        *set << std::clamp(it->value, 0.0, 1.0);
    }
    auto *series = new QHorizontalBarSeries;
    series->append(set);
    series->setBarWidth(0.6);
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
