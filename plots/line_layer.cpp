#include "line_layer.h"

#include <QPainter>

#include <cmath>
#include <vector>

namespace dllab::plots {

LineLayer::LineLayer(QGraphicsItem *chart) : QGraphicsItem(chart)
{
    setAcceptedMouseButtons(Qt::NoButton); // zoom, pan and hover belong to the chart view
}

void LineLayer::setLines(std::vector<Line> lines)
{
    m_lines = std::move(lines);
    update();
}

void LineLayer::setPlotArea(const QRectF &area)
{
    if (area == m_area)
        return;
    prepareGeometryChange();
    m_area = area;
}

void LineLayer::setRange(const QRectF &range, bool logY)
{
    if (range == m_range && logY == m_logY)
        return;
    m_range = range;
    m_logY = logY;
    m_yLow = logY ? std::log10(range.top()) : range.top();
    m_yHigh = logY ? std::log10(range.bottom()) : range.bottom();
    update();
}

QPointF LineLayer::toPosition(const QPointF &value) const
{
    const auto fraction = [](double v, double lo, double hi) {
        return hi > lo ? (v - lo) / (hi - lo) : 0.5;
    };
    const double fx = fraction(value.x(), m_range.left(), m_range.right());
    const double fy = fraction(m_logY ? std::log10(value.y()) : value.y(), m_yLow, m_yHigh);
    return {m_area.left() + fx * m_area.width(), m_area.bottom() - fy * m_area.height()};
}

void LineLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    if (m_area.isEmpty() || m_range.width() <= 0 || m_range.height() <= 0)
        return;
    painter->save();
    painter->setClipRect(m_area);
    // Solid lines go as segments, not one polyline: a polyline wider than a pixel is stroked as
    // a single path whose self-overlaps must not blend twice, which costs 40-80 ms for a noisy
    // line of a couple of thousand points against 3 ms as segments. A dash pattern would restart
    // on every segment, so dashed lines (per-epoch ones, a few points) stay polylines.
    QList<QPointF> run;
    std::vector<QLineF> segments;
    bool solid = true;
    const auto flush = [&] {
        if (!solid) {
            if (run.size() > 1)
                painter->drawPolyline(run.constData(), int(run.size()));
            run.clear();
            return;
        }
        segments.clear();
        for (qsizetype i = 1; i < run.size(); ++i)
            segments.emplace_back(run[i - 1], run[i]);
        if (!segments.empty())
            painter->drawLines(segments.data(), int(segments.size()));
        run.clear();
    };
    for (const Line &line : m_lines) {
        painter->setPen(line.pen);
        solid = line.pen.style() == Qt::SolidLine;
        run.reserve(line.points.size());
        for (const QPointF &p : line.points) {
            if (!std::isfinite(p.x()) || !std::isfinite(p.y()) || (m_logY && p.y() <= 0)) {
                flush();
                continue;
            }
            run.push_back(toPosition(p));
        }
        flush();
    }
    painter->restore();
}

} // namespace dllab::plots
