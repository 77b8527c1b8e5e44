#pragma once
// One look for every dllab chart (class distributions now, live metric plots later): light
// background, no drop shadow, tight margins, muted grid. GUI thread only.
#include <QColor>

class QChart;
class QAbstractAxis;
class QAbstractBarSeries;
class QBarCategoryAxis;
class QValueAxis;

namespace dllab::plots {

// The accent colour of a chart's first series.
QColor accentColor();

void applyChartStyle(QChart *chart);
void applyAxisStyle(QAbstractAxis *axis);

// Removes every series and axis (deleting the axes), for a chart that is rebuilt whole on new data.
void clearChart(QChart *chart);
// Styles and adds a bar chart's two axes, already filled and ranged, and attaches `series` to
// them (in that order: categories appended after attaching are added to Qt's own): the
// categories on the left for horizontal bars, at the bottom for upright ones.
void addBarAxes(QChart *chart, QAbstractBarSeries *series, QBarCategoryAxis *categories,
                QValueAxis *values, bool horizontal);

} // namespace dllab::plots
