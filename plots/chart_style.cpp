#include "chart_style.h"

#include <QAbstractAxis>
#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QChart>
#include <QFont>
#include <QPen>
#include <QValueAxis>

namespace dllab::plots {

QColor accentColor() { return QColor(0x2f, 0x6f, 0xb3); }

void applyChartStyle(QChart *chart)
{
    chart->setTheme(QChart::ChartThemeLight);
    chart->setBackgroundRoundness(0);
    chart->setDropShadowEnabled(false);
    chart->setMargins(QMargins(4, 4, 4, 4));
    // Animations would make screenshots and tests depend on timing; the data updates are small.
    chart->setAnimationOptions(QChart::NoAnimation);
    QFont title = chart->titleFont();
    title.setPointSizeF(title.pointSizeF() * 1.1);
    title.setBold(true);
    chart->setTitleFont(title);
}

void applyAxisStyle(QAbstractAxis *axis)
{
    QPen grid = axis->gridLinePen();
    grid.setColor(QColor(0xe3, 0xe6, 0xea));
    grid.setWidthF(1.0);
    axis->setGridLinePen(grid);
    axis->setMinorGridLineVisible(false);
    QPen line = axis->linePen();
    line.setColor(QColor(0xb8, 0xbe, 0xc6));
    axis->setLinePen(line);
    axis->setLabelsColor(QColor(0x3c, 0x42, 0x4a));
}

void clearChart(QChart *chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

void addBarAxes(QChart *chart, QAbstractBarSeries *series, QBarCategoryAxis *categories,
                QValueAxis *values, bool horizontal)
{
    applyAxisStyle(categories);
    applyAxisStyle(values);
    chart->addAxis(categories, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    chart->addAxis(values, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(values);
}

} // namespace dllab::plots
