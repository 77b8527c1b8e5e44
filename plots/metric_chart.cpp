// MetricChart's data side: series, smoothing, axes and the coalesced rebuild. Mouse handling,
// the hover read-out and export are in metric_chart_input.cpp.
#include "metric_chart.h"

#include "chart_style.h"
#include "line_layer.h"
#include "series_math.h"

#include <QChart>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
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

// 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
double niceStep(double raw)
{
    if (!(raw > 0) || !std::isfinite(raw))
        return 1.0;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double factor : {1.0, 2.0, 2.5, 5.0})
        if (raw <= factor * power)
            return factor * power;
    return 10.0 * power;
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
    // A short stroke of each line, dashes included, so solid train and dashed val tell apart.
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
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
    connect(chart, &QChart::plotAreaChanged, this, [this](const QRectF &area) {
        m_lines->setPlotArea(area);
        placeEmptyText();
    });
    m_emptyText = new QGraphicsSimpleTextItem(chart);
    m_emptyText->setBrush(QColor(0x6b, 0x72, 0x80));
    m_emptyText->setZValue(11);
    m_emptyText->hide();
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
        axis->setLabelFormat(QStringLiteral("%.4g"));
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
    if (m_sharedX) {
        bounds.setLeft(std::min(bounds.left(), m_sharedX->first));
        bounds.setRight(std::max(bounds.right(), m_sharedX->second));
    }
    if (bounds.width() <= 0)
        bounds.adjust(-0.5, 0, 0.5, 0);
    if (m_logY) {
        // Whole decades: a log axis labels only powers of ten, so a range within one decade
        // (accuracies from 0.8 to 0.98) would show a single tick.
        const double low = std::floor(std::log10(bounds.top() / 1.05));
        const double high = std::max(std::ceil(std::log10(bounds.bottom())), low + 1);
        bounds.setTop(std::pow(10.0, low));
        bounds.setBottom(std::pow(10.0, high));
    } else {
        const double h =
            bounds.height() > 0 ? bounds.height() : std::max(std::abs(bounds.top()) * 0.1, 0.5);
        // Losses and accuracies are never negative: padding below zero would only waste room.
        const double floor = bounds.top() >= 0 ? 0.0 : -std::numeric_limits<double>::infinity();
        const double ceiling = m_yCeiling && bounds.bottom() <= *m_yCeiling
                                   ? *m_yCeiling
                                   : std::numeric_limits<double>::infinity();
        bounds.setTop(std::max(bounds.top() - h * kPad, floor));
        bounds.setBottom(std::min(bounds.bottom() + h * kPad, ceiling));
    }
    return bounds;
}

std::optional<std::pair<double, double>> MetricChart::dataXRange() const
{
    QRectF bounds;
    bool any = false;
    for (const Series &s : m_series)
        if (s.hasBounds)
            unite(bounds, any, s.bounds);
    if (!any)
        return std::nullopt;
    return std::pair(bounds.left(), bounds.right());
}

void MetricChart::setYCeiling(double ceiling)
{
    m_yCeiling = ceiling;
    scheduleRebuild();
}

void MetricChart::alignX(const QList<MetricChart *> &charts)
{
    std::optional<std::pair<double, double>> all;
    for (const MetricChart *chart : charts) {
        if (const auto range = chart->dataXRange())
            all = all ? std::pair(std::min(all->first, range->first),
                                  std::max(all->second, range->second))
                      : *range;
    }
    for (MetricChart *chart : charts) {
        if (chart->m_sharedX != all) {
            chart->m_sharedX = all;
            chart->scheduleRebuild();
        }
    }
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
    // The ticks are set before the range: a range set under the previous tick interval (a zoom's
    // 0.1 for a reset's million steps) would first lay out millions of ticks.
    const auto setRange = [this](QAbstractAxis *abstract, double min, double max) {
        auto *axis = qobject_cast<QValueAxis *>(abstract);
        if (!axis) {
            abstract->setRange(min, max); // log: ticks at powers of ten
        } else if (m_autoRange) {
            // Round ticks (0, 50, 100 rather than 1, 57.75, 114.5) while the view follows the
            // data: the range itself is rounded.
            axis->setTickType(QValueAxis::TicksFixed);
            axis->setRange(min, max);
            axis->applyNiceNumbers();
        } else {
            // Zoomed, the range is the user's: round ticks inside it (92.5, 95, 97.5), not the
            // range split in equal parts (92.0331, ...).
            const double step = niceStep((max - min) / 5.0);
            axis->setTickInterval(step);
            axis->setTickAnchor(std::ceil(min / step) * step);
            axis->setTickType(QValueAxis::TicksDynamic);
            axis->setRange(min, max);
        }
    };
    setRange(m_x, range.left(), range.right());
    setRange(m_y, range.top(), range.bottom());
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
        // A metric the run does not record (val R² of a classifier) has no legend entry.
        for (QLegendMarker *marker : chart()->legend()->markers(s.legendEntry))
            marker->setVisible(!s.raw.empty());
        const bool smoothing = m_smoothing > 0 && s.style.smoothable;
        s.drawnFg = drawn(smoothing ? s.smooth : s.raw);
        s.drawnRaw = smoothing ? drawn(s.raw) : QList<QPointF>();
    }
    updateLines();
    placeEmptyText();
    Q_EMIT rebuilt();
}

void MetricChart::setEmptyText(const QString &text)
{
    m_emptyText->setText(text);
    placeEmptyText();
}

QString MetricChart::emptyText() const { return m_emptyText->text(); }

bool MetricChart::showsEmptyText() const { return m_emptyText->isVisible(); }

void MetricChart::placeEmptyText()
{
    const bool empty = std::none_of(m_series.begin(), m_series.end(),
                                    [](const Series &s) { return !s.raw.empty(); });
    m_emptyText->setVisible(empty && !m_emptyText->text().isEmpty());
    const QRectF area = chart()->plotArea();
    const QRectF text = m_emptyText->boundingRect();
    m_emptyText->setPos(area.center() - QPointF(text.width() / 2, text.height() / 2));
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
