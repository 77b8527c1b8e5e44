// MetricChart's data side: series, smoothing, axes and the coalesced rebuild. Mouse handling,
// the hover read-out and export are in metric_chart_input.cpp.
#include "metric_chart.h"

#include "chart_style.h"
#include "line_layer.h"
#include "series_math.h"

#include <QChart>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QTimer>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace dllab::plots {

namespace {

constexpr int kRawAlpha = 70;
constexpr double kLineWidth = 1.6;
constexpr double kRawLineWidth = 1.0;
constexpr double kPad = 0.05;
constexpr qint64 kMinRebuildMs = 100; // kMaxRebuildHz = 10

void extend(QRectF &bounds, bool &any, const QPointF &p)
{
    if (!any) {
        bounds = QRectF(p, QSizeF(0, 0));
        any = true;
        return;
    }
    bounds.setLeft(std::min(bounds.left(), p.x()));
    bounds.setRight(std::max(bounds.right(), p.x()));
    bounds.setTop(std::min(bounds.top(), p.y()));
    bounds.setBottom(std::max(bounds.bottom(), p.y()));
}

void unite(QRectF &bounds, bool &any, const QRectF &other)
{
    extend(bounds, any, other.topLeft());
    extend(bounds, any, other.bottomRight());
}

} // namespace

MetricChart::MetricChart(QWidget *parent) : QChartView(parent)
{
    auto *chart = new QChart;
    applyChartStyle(chart);
    chart->legend()->setAlignment(Qt::AlignBottom);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
    setMouseTracking(true);
    viewport()->setMouseTracking(true); // the hover read-out follows the pointer without a button
    setMinimumSize(240, 160);
    m_x = new QValueAxis;
    m_x->setLabelFormat(QStringLiteral("%g"));
    applyAxisStyle(m_x);
    chart->addAxis(m_x, Qt::AlignBottom);
    connect(m_x, &QValueAxis::rangeChanged, this, &MetricChart::onAxisRangeChanged);
    m_lines = new LineLayer(chart);
    m_lines->setZValue(10); // over the grid and the (empty) series, under the hover read-out
    connect(chart, &QChart::plotAreaChanged, this,
            [this](const QRectF &area) { m_lines->setPlotArea(area); });
    createYAxis();
    setAxisRanges(QRectF(0, 0, 1, 1));
}

MetricChart::~MetricChart() = default;

void MetricChart::setTitle(const QString &title) { chart()->setTitle(title); }

void MetricChart::setAxisTitles(const QString &x, const QString &y)
{
    m_xTitle = x;
    m_yTitle = y;
    m_x->setTitleText(x);
    m_y->setTitleText(y);
}

void MetricChart::addSeries(const QString &id, const SeriesStyle &style)
{
    if (m_series.contains(id)) {
        Series &s = m_series[id];
        s.style = style;
        s.legendEntry->setName(style.label);
        s.legendEntry->setPen(QPen(style.color, kLineWidth, style.pen));
        updateLines();
        return;
    }
    Series s;
    s.style = style;
    s.legendEntry = new QLineSeries;
    s.legendEntry->setPen(QPen(style.color, kLineWidth, style.pen));
    s.legendEntry->setName(style.label);
    chart()->addSeries(s.legendEntry);
    s.legendEntry->attachAxis(m_x);
    s.legendEntry->attachAxis(m_y);
    m_series.insert(id, s);
    m_order << id;
}

void MetricChart::appendPoints(const QString &id, const std::vector<QPointF> &points)
{
    auto it = m_series.find(id);
    if (it == m_series.end() || points.empty())
        return;
    const size_t from = it->raw.size();
    it->raw.insert(it->raw.end(), points.begin(), points.end());
    absorb(*it, from);
    resmooth(*it, from);
    scheduleRebuild();
}

void MetricChart::setPoints(const QString &id, std::vector<QPointF> points)
{
    auto it = m_series.find(id);
    if (it == m_series.end())
        return;
    it->raw = std::move(points);
    absorb(*it, 0);
    resmooth(*it, 0);
    scheduleRebuild();
}

void MetricChart::removeSeries(const QString &id)
{
    auto it = m_series.find(id);
    if (it == m_series.end())
        return;
    chart()->removeSeries(it->legendEntry);
    delete it->legendEntry;
    m_series.erase(it);
    m_order.removeAll(id);
    scheduleRebuild();
}

void MetricChart::clear()
{
    for (const QString &id : QStringList(m_order))
        removeSeries(id);
    m_autoRange = true;
}

qsizetype MetricChart::pointCount(const QString &id) const
{
    const auto it = m_series.find(id);
    return it == m_series.end() ? 0 : qsizetype(it->raw.size());
}

QList<QPointF> MetricChart::drawnPoints(const QString &id) const
{
    const auto it = m_series.find(id);
    return it == m_series.end() ? QList<QPointF>() : it->drawnFg;
}

void MetricChart::setSmoothing(double weight)
{
    weight = std::clamp(weight, 0.0, 0.99);
    if (weight == m_smoothing)
        return;
    m_smoothing = weight;
    for (Series &s : m_series)
        resmooth(s, 0);
    scheduleRebuild();
}

// Incremental: appends continue the average where it stopped, so a live series costs only its
// new points.
void MetricChart::resmooth(Series &s, size_t from)
{
    if (from == 0) {
        s.smooth.clear();
        s.smoothState = 0;
        s.smoothDebias = 1;
    }
    if (m_smoothing <= 0 || !s.style.smoothable)
        return;
    if (from == 0) // not on appends: reserving the exact size would copy the series on every one
        s.smooth.reserve(s.raw.size());
    for (size_t i = from; i < s.raw.size(); ++i) {
        const QPointF &p = s.raw[i];
        if (!std::isfinite(p.y())) {
            s.smooth.push_back(p);
            continue;
        }
        s.smoothState = m_smoothing * s.smoothState + (1 - m_smoothing) * p.y();
        s.smoothDebias *= m_smoothing;
        s.smooth.emplace_back(p.x(), s.smoothState / (1 - s.smoothDebias));
    }
}

void MetricChart::setLogY(bool on)
{
    if (on == m_logY)
        return;
    m_logY = on;
    m_autoRange = true; // a linear range rarely makes sense on a log axis
    createYAxis();
    scheduleRebuild();
}

void MetricChart::setDecimation(bool on)
{
    m_decimate = on;
    scheduleRebuild();
}

void MetricChart::createYAxis()
{
    if (m_y) {
        for (QAbstractSeries *series : chart()->series())
            series->detachAxis(m_y);
        chart()->removeAxis(m_y);
        delete m_y;
    }
    if (m_logY) {
        auto *axis = new QLogValueAxis;
        axis->setBase(10);
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setMinorTickCount(-1);
        connect(axis, &QLogValueAxis::rangeChanged, this, &MetricChart::onAxisRangeChanged);
        m_y = axis;
    } else {
        auto *axis = new QValueAxis;
        axis->setLabelFormat(QStringLiteral("%.3g"));
        connect(axis, &QValueAxis::rangeChanged, this, &MetricChart::onAxisRangeChanged);
        m_y = axis;
    }
    applyAxisStyle(m_y);
    m_y->setTitleText(m_yTitle);
    m_appliedRange = QRectF(); // the new axis has no range yet
    chart()->addAxis(m_y, Qt::AlignLeft);
    for (QAbstractSeries *series : chart()->series())
        series->attachAxis(m_y);
}

// Kept up to date on append, so finding the auto range never walks a million points.
void MetricChart::absorb(Series &s, size_t from)
{
    if (from == 0)
        s.hasBounds = s.hasPositive = false;
    for (size_t i = from; i < s.raw.size(); ++i) {
        const QPointF &p = s.raw[i];
        if (!std::isfinite(p.y()) || !std::isfinite(p.x()))
            continue;
        extend(s.bounds, s.hasBounds, p);
        if (p.y() > 0)
            extend(s.positive, s.hasPositive, p);
    }
}

QRectF MetricChart::dataBounds() const
{
    QRectF bounds;
    bool any = false;
    for (const Series &s : m_series) {
        if (m_logY ? s.hasPositive : s.hasBounds)
            unite(bounds, any, m_logY ? s.positive : s.bounds);
    }
    if (!any)
        return m_logY ? QRectF(0, 0.1, 1, 0.9) : QRectF(0, 0, 1, 1);
    if (bounds.width() <= 0)
        bounds.adjust(-0.5, 0, 0.5, 0);
    if (m_logY) {
        bounds.setTop(bounds.top() / 1.25);
        bounds.setBottom(bounds.bottom() * 1.25);
    } else {
        const double h =
            bounds.height() > 0 ? bounds.height() : std::max(std::abs(bounds.top()) * 0.1, 0.5);
        // Losses and accuracies are never negative: padding below zero would only waste room.
        const double floor = bounds.top() >= 0 ? 0.0 : -std::numeric_limits<double>::infinity();
        bounds.setTop(std::max(bounds.top() - h * kPad, floor));
        bounds.setBottom(bounds.bottom() + h * kPad);
    }
    return bounds;
}

QRectF MetricChart::visibleRange() const { return m_autoRange ? dataBounds() : m_range; }

void MetricChart::zoomTo(const QRectF &range)
{
    m_autoRange = false;
    m_range = range.normalized();
    scheduleRebuild();
}

void MetricChart::resetZoom()
{
    m_autoRange = true;
    scheduleRebuild();
}

// Rect convention: left/right = x, top/bottom = y min/max.
void MetricChart::setAxisRanges(const QRectF &range)
{
    m_settingAxes = true;
    m_x->setRange(range.left(), range.right());
    m_y->setRange(range.top(), range.bottom());
    if (m_autoRange) {
        // Round ticks (0, 50, 100 rather than 1, 57.75, 114.5) while the view follows the data.
        m_x->applyNiceNumbers();
        if (auto *linear = qobject_cast<QValueAxis *>(m_y))
            linear->applyNiceNumbers();
    }
    m_settingAxes = false;
    m_lines->setRange(axesRange(), m_logY);
}

void MetricChart::onAxisRangeChanged()
{
    m_lines->setRange(axesRange(), m_logY); // the lines follow the axes at once, zoomed or not
    // Only Qt's rubber band and scroll, run from our mouse handlers, are zooms; axes added,
    // attached or ranged by the chart itself are not.
    if (m_settingAxes || !m_userZoom)
        return;
    const auto yRange = [this]() -> std::pair<double, double> {
        if (auto *log = qobject_cast<QLogValueAxis *>(m_y))
            return {log->min(), log->max()};
        auto *lin = static_cast<QValueAxis *>(m_y);
        return {lin->min(), lin->max()};
    }();
    m_autoRange = false;
    m_range = QRectF(QPointF(m_x->min(), yRange.first), QPointF(m_x->max(), yRange.second));
    scheduleRebuild();
}

QRectF MetricChart::axesRange() const
{
    double lo = 0, hi = 0;
    if (auto *log = qobject_cast<QLogValueAxis *>(m_y)) {
        lo = log->min();
        hi = log->max();
    } else {
        lo = static_cast<QValueAxis *>(m_y)->min();
        hi = static_cast<QValueAxis *>(m_y)->max();
    }
    return QRectF(QPointF(m_x->min(), lo), QPointF(m_x->max(), hi));
}

// Re-ranging an axis makes Qt Charts lay out and re-stroke every line (tens of ms at a few
// thousand points), so while the view follows growing data the axes keep their rounded range as
// long as the data fits in it and fills at least half of it.
bool MetricChart::axesNeedUpdate(const QRectF &range) const
{
    if (m_appliedRange.isNull())
        return true;
    if (!m_autoRange)
        return range != m_appliedRange;
    const QRectF &axes = m_appliedRange;
    const bool inside = axes.left() <= range.left() && range.right() <= axes.right()
                        && axes.top() <= range.top() && range.bottom() <= axes.bottom();
    const bool filled =
        range.width() >= 0.5 * axes.width() && range.height() >= 0.5 * axes.height();
    return !(inside && filled);
}

int MetricChart::plotColumns() const
{
    const int width = int(chart()->plotArea().width());
    return width > 10 ? width : std::max(this->width(), 640);
}

// At most kMaxRebuildHz redraws a second, however often points arrive: a redraw costs
// milliseconds of the GUI thread, and a metric plot gains nothing from more.
void MetricChart::scheduleRebuild()
{
    if (m_rebuildQueued)
        return;
    m_rebuildQueued = true;
    const qint64 since = m_sinceRebuild.isValid() ? m_sinceRebuild.elapsed() : kMinRebuildMs;
    QTimer::singleShot(int(std::max<qint64>(0, kMinRebuildMs - since)), this,
                       &MetricChart::rebuild);
}

void MetricChart::rebuildNow() { rebuild(); }

void MetricChart::rebuild()
{
    m_rebuildQueued = false;
    m_sinceRebuild.start();
    const QRectF range = visibleRange();
    if (axesNeedUpdate(range)) {
        setAxisRanges(range);
        m_appliedRange = axesRange();
    }
    const int columns = plotColumns();
    const auto drawn = [&](const std::vector<QPointF> &points) {
        QList<QPointF> out = m_decimate
                                 ? decimateMinMax(points, range.left(), range.right(), columns)
                                 : QList<QPointF>(points.begin(), points.end());
        return m_logY ? positiveOnly(out) : out;
    };
    for (const QString &id : std::as_const(m_order)) {
        Series &s = m_series[id];
        const bool smoothing = m_smoothing > 0 && s.style.smoothable;
        s.drawnFg = drawn(smoothing ? s.smooth : s.raw);
        s.drawnRaw = smoothing ? drawn(s.raw) : QList<QPointF>();
    }
    updateLines();
    Q_EMIT rebuilt();
}

// Every faded raw line under every foreground line, so no run's smoothed line hides behind
// another's noise.
void MetricChart::updateLines()
{
    std::vector<LineLayer::Line> lines;
    for (const QString &id : std::as_const(m_order)) {
        const Series &s = m_series[id];
        if (s.drawnRaw.isEmpty())
            continue;
        QColor faded = s.style.color;
        faded.setAlpha(kRawAlpha);
        lines.push_back({s.drawnRaw, QPen(faded, kRawLineWidth, s.style.pen)});
    }
    for (const QString &id : std::as_const(m_order)) {
        const Series &s = m_series[id];
        lines.push_back({s.drawnFg, QPen(s.style.color, kLineWidth, s.style.pen)});
    }
    m_lines->setLines(std::move(lines));
}

void MetricChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    scheduleRebuild(); // the pixel columns changed
}

} // namespace dllab::plots
