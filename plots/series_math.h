#pragma once
// The arithmetic behind MetricChart, kept apart so tests can check it without a widget: min/max
// decimation per pixel column, EMA smoothing, and what a log axis may show. Plain values; any
// thread.
#include <QList>
#include <QPointF>

#include <span>
#include <vector>

namespace dllab::plots {

// `points` sorted by x. Returns the points to draw over [xMin, xMax] on `columns` pixel columns:
// for each column its lowest and highest point (in x order), plus the nearest point outside the
// range on each side so lines run to the edges. Spikes stay visible whatever the zoom, and the
// result has at most 2 * columns + 2 points. When the range holds no more than that, every
// point in it is returned unchanged.
QList<QPointF> decimateMinMax(std::span<const QPointF> points, double xMin, double xMax,
                              int columns);

// Every point in [xMin, xMax] plus its neighbours outside, undecimated.
QList<QPointF> pointsInRange(std::span<const QPointF> points, double xMin, double xMax);

// Exponential moving average with TensorBoard's debiasing (the first values are not pulled
// towards zero): s_n = w s_{n-1} + (1 - w) y_n, shown as s_n / (1 - w^n). weight in [0, 1).
class EmaSmoother {
public:
    explicit EmaSmoother(double weight = 0.0) : m_weight(weight) {}
    double weight() const { return m_weight; }
    QPointF next(const QPointF &point);
    void reset() { m_value = 0, m_count = 0; }

private:
    double m_weight;
    double m_value = 0;
    double m_debias = 1; // w^n
    long long m_count = 0;
};

std::vector<QPointF> emaSmooth(std::span<const QPointF> points, double weight);

// A log axis cannot place y <= 0 (or NaN); those points are left out, not clamped, so they never
// draw a false line to the bottom of the plot.
QList<QPointF> positiveOnly(const QList<QPointF> &points);

} // namespace dllab::plots
