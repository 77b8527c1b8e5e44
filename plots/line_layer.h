#pragma once
// The lines of a MetricChart, painted straight from their values. Qt Charts' QLineSeries lays out
// and strokes a hover shape for every line on each change (20-70 ms for a few thousand decimated
// points, long enough to stall the event loop), so MetricChart keeps its QLineSeries empty, for
// the legend only, and draws the points itself: a polyline per line, mapped through the axes'
// current range at paint time, clipped to the plot area. GUI thread only.
#include <QGraphicsItem>
#include <QList>
#include <QPen>
#include <QPointF>
#include <QRectF>

#include <vector>

namespace dllab::plots {

class LineLayer : public QGraphicsItem {
public:
    struct Line {
        QList<QPointF> points; // values, in x order; non-finite ones break the line
        QPen pen;
    };

    explicit LineLayer(QGraphicsItem *chart);

    // Drawn in order, later lines on top.
    void setLines(std::vector<Line> lines);
    // The plot area in the chart's coordinates, and the value range it shows (left/right = x
    // min/max, top/bottom = y min/max; a log y axis maps log10 of values and range).
    void setPlotArea(const QRectF &area);
    void setRange(const QRectF &range, bool logY);

    // Where a value lies in the chart's coordinates.
    QPointF toPosition(const QPointF &value) const;

    QRectF boundingRect() const override { return m_area; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    std::vector<Line> m_lines;
    QRectF m_area, m_range;
    bool m_logY = false;
    double m_yLow = 0.0, m_yHigh = 1.0; // the y range as mapped: log10 of it on a log axis
};

} // namespace dllab::plots
