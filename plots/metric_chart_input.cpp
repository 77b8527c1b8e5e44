// MetricChart's interaction: wheel zoom, pan, double-click reset, the hover read-out, and export.
#include "metric_chart.h"

#include "line_layer.h"
#include "recent_folder.h"

#include <QChart>
#include <QContextMenuEvent>
#include <QFile>
#include <QFileDialog>
#include <QGraphicsEllipseItem>
#include <QGraphicsSimpleTextItem>
#include <QMenu>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPixmap>
#include <QTextStream>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>
#include <limits>

namespace dllab::plots {

namespace {

constexpr double kWheelStep = 1.0015; // per 1/8 degree: one notch (120) zooms by ~1.2
constexpr double kHoverPixels = 24.0;

double scaledAbout(double value, double anchor, double factor)
{
    return anchor + (value - anchor) * factor;
}

} // namespace

void MetricChart::wheelEvent(QWheelEvent *event)
{
    const double factor = std::pow(kWheelStep, -event->angleDelta().y());
    const QPointF at =
        chart()->mapToValue(chart()->mapFromScene(mapToScene(event->position().toPoint())));
    QRectF r = visibleRange();
    const double left = scaledAbout(r.left(), at.x(), factor),
                 right = scaledAbout(r.right(), at.x(), factor);
    double bottom = 0, top = 0;
    if (m_logY) { // zoom in log space, where the axis is linear
        const double a = std::log10(std::max(at.y(), 1e-300));
        bottom = std::pow(10.0, scaledAbout(std::log10(r.top()), a, factor));
        top = std::pow(10.0, scaledAbout(std::log10(r.bottom()), a, factor));
    } else {
        bottom = scaledAbout(r.top(), at.y(), factor);
        top = scaledAbout(r.bottom(), at.y(), factor);
    }
    zoomTo(QRectF(QPointF(left, bottom), QPointF(right, top)));
    event->accept();
}

void MetricChart::mousePressEvent(QMouseEvent *event)
{
    const bool pan =
        event->button() == Qt::MiddleButton
        || (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ControlModifier));
    if (!pan) {
        QChartView::mousePressEvent(event);
        return;
    }
    m_panning = true;
    m_panFrom = event->position().toPoint();
    setCursor(Qt::ClosedHandCursor);
    event->accept();
}

void MetricChart::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPoint now = event->position().toPoint();
        const QPoint delta = now - m_panFrom;
        m_panFrom = now;
        // scroll() moves the axes; onAxisRangeChanged() takes the new view from them.
        m_userZoom = true;
        chart()->scroll(-delta.x(), delta.y());
        m_userZoom = false;
        event->accept();
        return;
    }
    showReadout(event->position().toPoint());
    QChartView::mouseMoveEvent(event);
}

void MetricChart::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        m_panning = false;
        unsetCursor();
        event->accept();
        return;
    }
    if (event->button() == Qt::RightButton) { // QChartView would zoom out by its own rule
        event->accept();
        return;
    }
    m_userZoom = true; // the rubber band zooms here
    QChartView::mouseReleaseEvent(event);
    m_userZoom = false;
}

void MetricChart::mouseDoubleClickEvent(QMouseEvent *event)
{
    resetZoom();
    event->accept();
}

void MetricChart::leaveEvent(QEvent *event)
{
    hideReadout();
    QChartView::leaveEvent(event);
}

// The nearest drawn point in pixels: the drawn lines are decimated to a few per column, so this
// scan is small whatever the data size, and min/max decimation keeps the points worth reading.
void MetricChart::showReadout(const QPoint &pos)
{
    const QPointF at = chart()->mapFromScene(mapToScene(pos));
    if (!chart()->plotArea().contains(at)) {
        hideReadout();
        return;
    }
    double best = kHoverPixels * kHoverPixels;
    QString label;
    QPointF value, where;
    for (const QString &id : std::as_const(m_order)) {
        const Series &s = m_series[id];
        for (const QPointF &p : s.drawnFg) {
            const QPointF px = m_lines->toPosition(p);
            const double d =
                (px.x() - at.x()) * (px.x() - at.x()) + (px.y() - at.y()) * (px.y() - at.y());
            if (d < best) {
                best = d;
                label = s.style.label;
                value = p;
                where = px;
            }
        }
    }
    if (label.isEmpty()) {
        hideReadout();
        return;
    }
    if (!m_readoutText) {
        m_readoutText = new QGraphicsSimpleTextItem(chart());
        m_readoutText->setZValue(20);
        m_readoutDot = new QGraphicsEllipseItem(-3.5, -3.5, 7, 7, chart());
        m_readoutDot->setZValue(20);
        m_readoutDot->setBrush(Qt::white);
    }
    m_readout =
        QStringLiteral("%1   x = %2   y = %3")
            .arg(label, QString::number(value.x(), 'g', 7), QString::number(value.y(), 'g', 5));
    m_readoutText->setText(m_readout);
    const QRectF plot = chart()->plotArea();
    QPointF textAt = where + QPointF(8, -20);
    const QRectF box = m_readoutText->boundingRect();
    textAt.setX(std::min(textAt.x(), plot.right() - box.width()));
    textAt.setY(std::max(textAt.y(), plot.top()));
    m_readoutText->setPos(textAt);
    m_readoutDot->setPos(where);
    m_readoutText->show();
    m_readoutDot->show();
    Q_EMIT hovered(m_readout);
}

void MetricChart::hideReadout()
{
    if (m_readout.isEmpty())
        return;
    m_readout.clear();
    if (m_readoutText) {
        m_readoutText->hide();
        m_readoutDot->hide();
    }
    Q_EMIT hovered(QString());
}

void MetricChart::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(tr("Reset zoom"), this, &MetricChart::resetZoom);
    menu.addSeparator();
    menu.addAction(tr("Export PNG…"), this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Export PNG"), recentFolder(),
                                                          tr("PNG images (*.png)"));
        if (file.isEmpty())
            return;
        rememberFolder(file);
        const QString written = exportPng(file);
        if (written.isEmpty())
            QMessageBox::warning(this, tr("Export PNG"), tr("Could not write %1.").arg(file));
        else // said where the user looks, and gone by itself
            QToolTip::showText(mapToGlobal(rect().center()), tr("Saved %1").arg(written), this, {},
                               4000);
    });
    menu.addAction(tr("Export CSV…"), this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Export CSV"), recentFolder(),
                                                          tr("CSV files (*.csv)"));
        if (file.isEmpty())
            return;
        rememberFolder(file);
        if (!exportCsv(file))
            QMessageBox::warning(this, tr("Export CSV"), tr("Could not write %1.").arg(file));
    });
    menu.exec(event->globalPos());
}

bool MetricChart::exportCsv(const QString &file) const
{
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return false;
    QTextStream stream(&out);
    stream << "series,x,y,smoothed\n";
    for (const QString &id : m_order) {
        const Series &s = m_series[id];
        QString label = s.style.label;
        if (label.contains(QLatin1Char(',')) || label.contains(QLatin1Char('"')))
            label = QLatin1Char('"') + label.replace(QLatin1Char('"'), QStringLiteral("\"\""))
                    + QLatin1Char('"');
        for (size_t i = 0; i < s.raw.size(); ++i) {
            const double smooth = i < s.smooth.size() ? s.smooth[i].y() : s.raw[i].y();
            stream << label << ',' << QString::number(s.raw[i].x(), 'g', 17) << ','
                   << QString::number(s.raw[i].y(), 'g', 17) << ','
                   << QString::number(smooth, 'g', 17) << '\n';
        }
    }
    stream.flush();
    return out.error() == QFile::NoError;
}

QString MetricChart::exportPng(const QString &file)
{
    rebuildNow();
    const QString path = file.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)
                             ? file
                             : file + QStringLiteral(".png");
    const QPixmap pixmap = grab();
    return !pixmap.isNull() && pixmap.save(path, "PNG") ? path : QString();
}

} // namespace dllab::plots
