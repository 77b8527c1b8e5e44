#pragma once
// One look for every dllab chart (class distributions now, live metric plots later): light
// background, no drop shadow, tight margins, muted grid. GUI thread only.
#include <QColor>

class QChart;
class QAbstractAxis;

namespace dllab::plots {

// The accent colour of a chart's first series.
QColor accentColor();

void applyChartStyle(QChart *chart);
void applyAxisStyle(QAbstractAxis *axis);

} // namespace dllab::plots
