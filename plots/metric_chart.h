#pragma once
// A live metric plot: several series (a run's metric each), overlaid, one colour per series.
// Points arrive through appendPoints() from whoever drains the data buffer on a GUI timer, so
// the data rate never drives the paint rate: appends only mark the chart dirty and one coalesced
// rebuild follows, at most 10 times a second. The rebuild draws each series decimated to min/max
// per pixel column of the visible x range (1M points cost about what 1k do), with optional EMA
// smoothing drawn over the faded raw line, on a linear or log y axis. The lines are painted by a
// LineLayer; the chart's QLineSeries stay empty and only give the legend its entries. Zoom: rubber
// band (left drag) or wheel; pan: middle drag or Ctrl+left drag; double-click resets. Hovering
// shows the nearest point. GUI thread only; the chart owns copies of all its points.
#include <QChartView>
#include <QColor>
#include <QElapsedTimer>
#include <QHash>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <vector>

class QGraphicsSimpleTextItem;
class QGraphicsEllipseItem;
class QLineSeries;
class QValueAxis;
class QLogValueAxis;
class QAbstractAxis;

namespace dllab::plots {

class LineLayer;

class MetricChart : public QChartView {
    Q_OBJECT
public:
    struct SeriesStyle {
        QString label; // legend and hover read-out: "run-3 val_loss"
        QColor color;
        Qt::PenStyle pen = Qt::SolidLine;
        // Smoothing is for dense, noisy series (per-step loss); a per-epoch line of a handful of
        // points would only be bent out of shape by it.
        bool smoothable = true;
    };

    explicit MetricChart(QWidget *parent = nullptr);
    ~MetricChart() override;

    void setTitle(const QString &title);
    void setAxisTitles(const QString &x, const QString &y);

    // Creates the series if needed. Points must come in x order (a metric's steps do).
    void addSeries(const QString &id, const SeriesStyle &style);
    void appendPoints(const QString &id, const std::vector<QPointF> &points);
    void setPoints(const QString &id, std::vector<QPointF> points);
    void removeSeries(const QString &id);
    void clear();
    QStringList seriesIds() const { return m_order; }
    qsizetype pointCount(const QString &id) const;
    // Points of the foreground line as drawn now (after decimation, smoothing, log filtering).
    QList<QPointF> drawnPoints(const QString &id) const;
    qsizetype drawnPointCount(const QString &id) const { return drawnPoints(id).size(); }

    // 0 (off) .. 0.99.
    void setSmoothing(double weight);
    double smoothing() const { return m_smoothing; }
    void setLogY(bool on);
    bool logY() const { return m_logY; }
    // On by default; off only to measure what it saves.
    void setDecimation(bool on);
    bool decimation() const { return m_decimate; }

    // The visible range; zoomed() is false while it follows the data.
    QRectF visibleRange() const;
    bool zoomed() const { return !m_autoRange; }
    void zoomTo(const QRectF &range);
    void resetZoom();
    // The metric never exceeds `ceiling` (an accuracy or R²): the auto range pads up to it, not
    // past it.
    void setYCeiling(double ceiling);
    // Charts shown side by side follow one x range (the union of their data's), so the same epoch
    // or step is at the same place in each.
    static void alignX(const QList<MetricChart *> &charts);

    // Said in the middle of the plot while no series has a point ("Select a run to plot it").
    void setEmptyText(const QString &text);
    QString emptyText() const;
    bool showsEmptyText() const;

    // Rebuilds the drawn series now instead of on the next event-loop turn.
    void rebuildNow();
    QString readout() const { return m_readout; }
    // Every raw point as "series,x,y,smoothed" lines with a header; false if it cannot write.
    bool exportCsv(const QString &file) const;
    // Writes `file`, with ".png" added when it has another or no suffix; returns the path
    // written, empty if it could not write.
    QString exportPng(const QString &file);

Q_SIGNALS:
    void hovered(const QString &readout); // empty when the pointer leaves the points
    void rebuilt();

protected:
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    struct Series {
        SeriesStyle style;
        std::vector<QPointF> raw, smooth;
        double smoothState = 0, smoothDebias = 1;
        QRectF bounds, positive; // of the finite points; of those with y > 0
        bool hasBounds = false, hasPositive = false;
        QList<QPointF> drawnRaw, drawnFg;   // decimated; drawnRaw empty unless smoothing
        QLineSeries *legendEntry = nullptr; // no points
    };

    void scheduleRebuild();
    void updateLines();
    void rebuild();
    void resmooth(Series &series, size_t from);
    void absorb(Series &series, size_t from);
    QRectF dataBounds() const;
    std::optional<std::pair<double, double>> dataXRange() const;
    void createYAxis();
    void setAxisRanges(const QRectF &range);
    QRectF axesRange() const;
    bool axesNeedUpdate(const QRectF &range) const;
    void onAxisRangeChanged();
    void showReadout(const QPoint &pos);
    void hideReadout();
    int plotColumns() const;

    QHash<QString, Series> m_series;
    QStringList m_order;
    QValueAxis *m_x = nullptr;
    QAbstractAxis *m_y = nullptr;
    LineLayer *m_lines = nullptr;
    double m_smoothing = 0.0;
    bool m_logY = false;
    bool m_decimate = true;
    bool m_autoRange = true;
    bool m_rebuildQueued = false;
    bool m_settingAxes = false;
    bool m_userZoom = false; // inside a mouse handler that lets Qt move the axes
    QRectF m_range;          // the visible range when zoomed
    std::optional<double> m_yCeiling;
    std::optional<std::pair<double, double>> m_sharedX; // alignX's range, in auto range
    QRectF m_appliedRange;                              // what the axes were last set to
    QElapsedTimer m_sinceRebuild;
    QString m_xTitle, m_yTitle;
    // Panning
    bool m_panning = false;
    QPoint m_panFrom;
    // Hover read-out
    QString m_readout;
    QGraphicsSimpleTextItem *m_readoutText = nullptr;
    QGraphicsEllipseItem *m_readoutDot = nullptr;
    QGraphicsSimpleTextItem *m_emptyText = nullptr;
    void placeEmptyText();
};

} // namespace dllab::plots
