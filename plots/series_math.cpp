#include "series_math.h"

#include <algorithm>
#include <cmath>

namespace dllab::plots {

namespace {

struct Range {
    size_t first = 0, last = 0; // [first, last) lie inside [xMin, xMax]
};

Range rangeOf(std::span<const QPointF> points, double xMin, double xMax)
{
    const auto byX = [](const QPointF &p, double x) { return p.x() < x; };
    const auto lo = std::lower_bound(points.begin(), points.end(), xMin, byX);
    const auto hi = std::upper_bound(points.begin(), points.end(), xMax,
                                     [](double x, const QPointF &p) { return x < p.x(); });
    return {size_t(lo - points.begin()), size_t(hi - points.begin())};
}

} // namespace

QList<QPointF> pointsInRange(std::span<const QPointF> points, double xMin, double xMax)
{
    const Range r = rangeOf(points, xMin, xMax);
    const size_t from = r.first > 0 ? r.first - 1 : 0;
    const size_t to = std::min(points.size(), r.last + 1);
    return QList<QPointF>(points.begin() + from, points.begin() + to);
}

QList<QPointF> decimateMinMax(std::span<const QPointF> points, double xMin, double xMax,
                              int columns)
{
    const Range r = rangeOf(points, xMin, xMax);
    columns = std::max(columns, 1);
    if (r.last - r.first <= size_t(2 * columns) || !(xMax > xMin))
        return pointsInRange(points, xMin, xMax);

    // Indices in x order; the range's first and last points keep where the line starts and
    // ends exact.
    std::vector<size_t> keep;
    keep.reserve(2 * columns + 4);
    if (r.first > 0)
        keep.push_back(r.first - 1);
    keep.push_back(r.first);
    const double scale = double(columns) / (xMax - xMin);
    const auto columnOf = [&](size_t i) {
        return std::min(columns - 1, int((points[i].x() - xMin) * scale));
    };
    size_t i = r.first;
    while (i < r.last) {
        const int column = columnOf(i);
        size_t lo = i, hi = i;
        for (++i; i < r.last && columnOf(i) == column; ++i) {
            // NaN compares false both ways and so is never picked as an extreme.
            if (points[i].y() < points[lo].y())
                lo = i;
            if (points[i].y() > points[hi].y())
                hi = i;
        }
        for (size_t k : {std::min(lo, hi), std::max(lo, hi)}) {
            if (k > keep.back())
                keep.push_back(k);
        }
    }
    if (keep.back() != r.last - 1)
        keep.push_back(r.last - 1);
    if (r.last < points.size())
        keep.push_back(r.last);
    QList<QPointF> out;
    out.reserve(qsizetype(keep.size()));
    for (size_t k : keep)
        out.append(points[k]);
    return out;
}

QPointF EmaSmoother::next(const QPointF &point)
{
    if (!std::isfinite(point.y()))
        return point; // a NaN would poison every later value
    m_value = m_weight * m_value + (1.0 - m_weight) * point.y();
    m_debias *= m_weight;
    ++m_count;
    const double debias = 1.0 - m_debias;
    return {point.x(), debias > 0 ? m_value / debias : point.y()};
}

std::vector<QPointF> emaSmooth(std::span<const QPointF> points, double weight)
{
    EmaSmoother smoother(weight);
    std::vector<QPointF> out;
    out.reserve(points.size());
    for (const QPointF &p : points)
        out.push_back(smoother.next(p));
    return out;
}

QList<QPointF> positiveOnly(const QList<QPointF> &points)
{
    QList<QPointF> out;
    out.reserve(points.size());
    for (const QPointF &p : points) {
        if (p.y() > 0 && std::isfinite(p.y()))
            out.append(p);
    }
    return out;
}

} // namespace dllab::plots
