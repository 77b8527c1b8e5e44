#include "parallel_coordinates.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dllab::plots {

namespace {

constexpr double kMarginLeft = 64, kMarginRight = 56, kMarginTop = 30, kMarginBottom = 14;
constexpr double kAxisPad = 6;    // the axis ends keep values off the plot's edge
constexpr double kGrabWidth = 14; // how near an axis a press starts a brush
constexpr int kMaxCategoryTicks = 12;

double niceStep(double range)
{
    const double raw = range / 4.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (raw <= m * magnitude)
            return m * magnitude;
    return 10 * magnitude;
}

QString number(double value) { return QString::number(value, 'g', 3); }

} // namespace

QColor sequentialColor(double t)
{
    // viridis, from t = 0.88 (yellow-green, still visible on white) down to t = 0 (dark purple).
    static const QColor stops[] = {QColor(0xb5, 0xde, 0x2b), QColor(0x5e, 0xc9, 0x62),
                                   QColor(0x21, 0x91, 0x8c), QColor(0x3b, 0x52, 0x8b),
                                   QColor(0x44, 0x01, 0x54)};
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * 4.0;
    const int i = std::min(3, int(t));
    const double f = t - i;
    const QColor &a = stops[i], &b = stops[i + 1];
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * f),
                            float(a.greenF() + (b.greenF() - a.greenF()) * f),
                            float(a.blueF() + (b.blueF() - a.blueF()) * f));
}

ParallelCoordinates::ParallelCoordinates(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("parallelCoordinates"));
    setMouseTracking(false);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, Qt::white);
    setPalette(p);
    setToolTip(tr("Drag along an axis to keep only the trials in that range; click the axis to "
                  "clear it."));
}

void ParallelCoordinates::setData(std::vector<PcAxis> axes, std::vector<PcItem> items,
                                  bool higherIsBetter, int colorAxis)
{
    std::vector<std::optional<std::pair<double, double>>> brushes(axes.size());
    for (size_t i = 0; i < axes.size() && i < m_axes.size(); ++i)
        if (axes[i].title == m_axes[i].title && axes[i].kind == m_axes[i].kind)
            brushes[i] = m_brushes[i];
    const bool brushesChanged = brushes != m_brushes;
    m_axes = std::move(axes);
    m_items = std::move(items);
    m_brushes = std::move(brushes);
    m_higherIsBetter = higherIsBetter;
    m_colorAxis = colorAxis < int(m_axes.size()) ? colorAxis : -1;
    m_colorMin = m_colorMax = 0;
    bool first = true;
    for (const PcItem &item : m_items) {
        if (!std::isfinite(item.colorValue))
            continue;
        m_colorMin = first ? item.colorValue : std::min(m_colorMin, item.colorValue);
        m_colorMax = first ? item.colorValue : std::max(m_colorMax, item.colorValue);
        first = false;
    }
    // Painted worst to best, so that the best lines lie on top.
    m_paintOrder.resize(m_items.size());
    std::iota(m_paintOrder.begin(), m_paintOrder.end(), size_t(0));
    std::stable_sort(m_paintOrder.begin(), m_paintOrder.end(), [this](size_t a, size_t b) {
        const double va = m_items[a].colorValue, vb = m_items[b].colorValue;
        return m_higherIsBetter ? va < vb : va > vb;
    });
    update();
    if (brushesChanged)
        Q_EMIT brushChanged();
}

void ParallelCoordinates::clear() { setData({}, {}, m_higherIsBetter); }

void ParallelCoordinates::setBrush(int axis, double low, double high)
{
    if (axis < 0 || axis >= int(m_axes.size()))
        return;
    m_brushes[size_t(axis)] = std::make_pair(std::min(low, high), std::max(low, high));
    update();
    Q_EMIT brushChanged();
}

void ParallelCoordinates::clearBrush(int axis)
{
    if (axis < 0 || axis >= int(m_axes.size()) || !m_brushes[size_t(axis)])
        return;
    m_brushes[size_t(axis)].reset();
    update();
    Q_EMIT brushChanged();
}

void ParallelCoordinates::clearBrushes()
{
    if (!hasBrush())
        return;
    std::fill(m_brushes.begin(), m_brushes.end(), std::nullopt);
    update();
    Q_EMIT brushChanged();
}

std::optional<std::pair<double, double>> ParallelCoordinates::brush(int axis) const
{
    return axis >= 0 && axis < int(m_brushes.size()) ? m_brushes[size_t(axis)] : std::nullopt;
}

bool ParallelCoordinates::hasBrush() const
{
    return std::any_of(m_brushes.begin(), m_brushes.end(),
                       [](const auto &b) { return b.has_value(); });
}

bool ParallelCoordinates::passes(const PcItem &item) const
{
    for (size_t a = 0; a < m_brushes.size(); ++a) {
        if (!m_brushes[a])
            continue;
        const double v = a < item.values.size() ? item.values[a] : NAN;
        if (!std::isfinite(v) || v < m_brushes[a]->first || v > m_brushes[a]->second)
            return false;
    }
    return true;
}

QSet<int> ParallelCoordinates::brushedIds() const
{
    QSet<int> ids;
    for (const PcItem &item : m_items)
        if (passes(item))
            ids.insert(item.id);
    return ids;
}

QRectF ParallelCoordinates::plotRect() const
{
    return QRectF(kMarginLeft, kMarginTop, std::max(1.0, width() - kMarginLeft - kMarginRight),
                  std::max(1.0, height() - kMarginTop - kMarginBottom));
}

double ParallelCoordinates::axisX(int axis) const
{
    const QRectF r = plotRect();
    const int n = int(m_axes.size());
    return n <= 1 ? r.center().x() : r.left() + r.width() * axis / (n - 1);
}

double ParallelCoordinates::fraction(int axis, double value) const
{
    const PcAxis &a = m_axes[size_t(axis)];
    switch (a.kind) {
    case PcAxis::Kind::Categorical: {
        const int n = int(a.categories.size());
        return n <= 1 ? 0.5 : value / (n - 1);
    }
    case PcAxis::Kind::Log:
        if (a.min > 0 && a.max > a.min && value > 0)
            return (std::log(value) - std::log(a.min)) / (std::log(a.max) - std::log(a.min));
        return 0.5;
    case PcAxis::Kind::Linear:
        break;
    }
    return a.max > a.min ? (value - a.min) / (a.max - a.min) : 0.5;
}

QPointF ParallelCoordinates::pointAt(int axis, double value) const
{
    const QRectF r = plotRect().adjusted(0, kAxisPad, 0, -kAxisPad);
    return {axisX(axis), r.bottom() - fraction(axis, value) * r.height()};
}

double ParallelCoordinates::valueAt(int axis, double y) const
{
    const QRectF r = plotRect().adjusted(0, kAxisPad, 0, -kAxisPad);
    const double f = (r.bottom() - y) / r.height();
    const PcAxis &a = m_axes[size_t(axis)];
    switch (a.kind) {
    case PcAxis::Kind::Categorical:
        return f * std::max<qsizetype>(1, a.categories.size() - 1);
    case PcAxis::Kind::Log:
        if (a.min > 0 && a.max > a.min)
            return std::exp(std::log(a.min) + f * (std::log(a.max) - std::log(a.min)));
        return a.min;
    case PcAxis::Kind::Linear:
        break;
    }
    return a.min + f * (a.max - a.min);
}

int ParallelCoordinates::axisNear(double x) const
{
    for (int a = 0; a < int(m_axes.size()); ++a)
        if (std::fabs(axisX(a) - x) <= kGrabWidth)
            return a;
    return -1;
}

QColor ParallelCoordinates::colorFor(double value) const
{
    double t = m_colorMax > m_colorMin ? (value - m_colorMin) / (m_colorMax - m_colorMin) : 1.0;
    return sequentialColor(m_higherIsBetter ? t : 1.0 - t);
}

std::vector<std::pair<double, QString>> ParallelCoordinates::ticks(int axis) const
{
    const PcAxis &a = m_axes[size_t(axis)];
    std::vector<std::pair<double, QString>> out;
    if (a.kind == PcAxis::Kind::Categorical) {
        const int n = int(a.categories.size());
        const int every = std::max(1, (n + kMaxCategoryTicks - 1) / kMaxCategoryTicks);
        for (int i = 0; i < n; i += every)
            out.emplace_back(i, a.categories[i]);
        return out;
    }
    if (a.kind == PcAxis::Kind::Log && a.min > 0 && a.max > a.min) {
        for (double e = std::ceil(std::log10(a.min)); e <= std::floor(std::log10(a.max)) + 1e-9;
             ++e)
            out.emplace_back(std::pow(10.0, e), number(std::pow(10.0, e)));
        if (out.size() < 2) // less than two decades: the ends say more
            out = {{a.min, number(a.min)}, {a.max, number(a.max)}};
        return out;
    }
    if (!(a.max > a.min))
        return {{a.min, number(a.min)}};
    const double step = niceStep(a.max - a.min);
    for (double v = std::ceil(a.min / step) * step; v <= a.max + step * 1e-9; v += step)
        out.emplace_back(v, number(std::fabs(v) < step * 1e-9 ? 0.0 : v));
    return out;
}

void ParallelCoordinates::paintAxis(QPainter &painter, int axis) const
{
    const PcAxis &a = m_axes[size_t(axis)];
    const QRectF r = plotRect();
    const double x = axisX(axis);
    const int n = int(m_axes.size());
    const double spacing = n <= 1 ? r.width() : r.width() / (n - 1);

    if (const auto &b = m_brushes[size_t(axis)]) {
        const double y1 = pointAt(axis, b->second).y(), y2 = pointAt(axis, b->first).y();
        painter.setPen(QPen(QColor(0x2f, 0x6f, 0xb3), 1));
        painter.setBrush(QColor(0x2f, 0x6f, 0xb3, 50));
        painter.drawRect(QRectF(x - 7, y1, 14, std::max(2.0, y2 - y1)));
    }
    if (axis == m_colorAxis) {
        const QRectF bar(x + 3, r.top() + kAxisPad, 6, r.height() - 2 * kAxisPad);
        QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
        for (int i = 0; i <= 8; ++i) {
            const double t = i / 8.0; // bottom (low values) to top (high values)
            gradient.setColorAt(t, sequentialColor(m_higherIsBetter ? t : 1.0 - t));
        }
        painter.setPen(Qt::NoPen);
        painter.setBrush(gradient);
        painter.drawRect(bar);
    }
    painter.setPen(QPen(QColor(0x55, 0x5b, 0x63), 1.2));
    painter.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));

    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter.setFont(small);
    const QFontMetricsF fm(small);
    // The last axis has no lines to its right: its labels go there, past the colour scale.
    const bool right = n > 1 && axis == n - 1;
    const double gap = axis == m_colorAxis ? 12 : 5;
    const double labelWidth =
        right ? kMarginRight - gap - 2 : std::min(kMarginLeft - 8, spacing * 0.45);
    for (const auto &[value, text] : ticks(axis)) {
        const double y = pointAt(axis, value).y();
        painter.setPen(QColor(0x55, 0x5b, 0x63));
        painter.drawLine(QPointF(right ? x + 3 : x - 3, y), QPointF(x, y));
        painter.setPen(QColor(0x3c, 0x42, 0x4a));
        const QString label = fm.elidedText(text, Qt::ElideRight, labelWidth);
        const QRectF box =
            right ? QRectF(x + gap, y - fm.height() / 2, labelWidth, fm.height())
                  : QRectF(x - 5 - labelWidth, y - fm.height() / 2, labelWidth, fm.height());
        painter.drawText(box, (right ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter, label);
    }

    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    const QFontMetricsF bm(bold);
    const double titleWidth = std::min(spacing - 4, 2 * std::min(x, width() - x) - 4);
    const QString title =
        bm.elidedText(a.kind == PcAxis::Kind::Log ? a.title + tr(" (log)") : a.title,
                      Qt::ElideMiddle, titleWidth);
    painter.setPen(QColor(0x22, 0x26, 0x2b));
    painter.drawText(QRectF(x - titleWidth / 2, 4, titleWidth, kMarginTop - 8),
                     Qt::AlignHCenter | Qt::AlignBottom, title);
}

void ParallelCoordinates::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    if (m_axes.empty()) {
        painter.setPen(QColor(0x6b, 0x72, 0x80));
        painter.drawText(rect(), Qt::AlignCenter, tr("No completed trials yet"));
        return;
    }
    // Faint lines first, then the passing ones from worst to best.
    const bool brushed = hasBrush();
    for (int pass = 0; pass < 2; ++pass) {
        for (size_t i : m_paintOrder) {
            const PcItem &item = m_items[i];
            const bool in = passes(item);
            if (in != (pass == 1))
                continue;
            painter.setPen(in ? QPen(colorFor(item.colorValue), brushed ? 2.0 : 1.5)
                              : QPen(QColor(0xc4, 0xc9, 0xd0, 140), 1.0));
            QPainterPath path;
            bool open = false;
            for (int a = 0; a < int(m_axes.size()); ++a) {
                const double v = a < int(item.values.size()) ? item.values[size_t(a)] : NAN;
                if (!std::isfinite(v)) {
                    open = false;
                    continue;
                }
                const QPointF p = pointAt(a, v);
                open ? path.lineTo(p) : path.moveTo(p);
                open = true;
            }
            painter.drawPath(path);
        }
    }
    for (int a = 0; a < int(m_axes.size()); ++a)
        paintAxis(painter, a);
}

void ParallelCoordinates::mousePressEvent(QMouseEvent *event)
{
    m_dragAxis = event->button() == Qt::LeftButton ? axisNear(event->position().x()) : -1;
    if (m_dragAxis < 0)
        return QWidget::mousePressEvent(event);
    m_dragFrom = valueAt(m_dragAxis, event->position().y());
    m_dragMoved = false;
}

void ParallelCoordinates::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragAxis < 0)
        return QWidget::mouseMoveEvent(event);
    if (std::fabs(pointAt(m_dragAxis, m_dragFrom).y() - event->position().y()) < 3 && !m_dragMoved)
        return;
    m_dragMoved = true;
    setBrush(m_dragAxis, m_dragFrom, valueAt(m_dragAxis, event->position().y()));
}

void ParallelCoordinates::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragAxis < 0)
        return QWidget::mouseReleaseEvent(event);
    if (m_dragMoved)
        setBrush(m_dragAxis, m_dragFrom, valueAt(m_dragAxis, event->position().y()));
    else
        clearBrush(m_dragAxis);
    m_dragAxis = -1;
}

} // namespace dllab::plots
