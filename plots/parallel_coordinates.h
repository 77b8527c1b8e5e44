#pragma once
// A parallel-coordinates plot: one vertical axis per dimension (a sweep's parameters, then its
// objective), one polyline per item (a trial) coloured by its colour value (the objective) from
// light yellow-green (worst) to dark purple (best), so the best lines stand out on white. Axes are
// linear, logarithmic, or categorical (choices evenly spaced). Dragging vertically on an axis
// brushes a range there; items outside any brush are drawn faint, and brushChanged() tells the
// owner which items pass every brush. A click without a drag clears that axis's brush. Painted by
// hand: Qt Charts has no such plot. GUI thread only; the widget owns copies of its data.
#include <QSet>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <optional>
#include <utility>
#include <vector>

namespace dllab::plots {

struct PcAxis {
    enum class Kind { Linear, Log, Categorical };
    QString title;
    Kind kind = Kind::Linear;
    double min = 0, max = 1; // Linear, Log (both > 0 for Log)
    QStringList categories;  // Categorical: the values are indices into this
};

struct PcItem {
    int id = 0;
    std::vector<double> values; // one per axis; NaN where the item has none
    double colorValue = 0;
};

class ParallelCoordinates : public QWidget {
    Q_OBJECT
public:
    explicit ParallelCoordinates(QWidget *parent = nullptr);

    // higherIsBetter picks which end of the colour values is best; colorAxis (the objective's)
    // gets the colour scale drawn beside it, -1 for none. Brushes on axes whose title and kind
    // stay the same are kept; others are dropped.
    void setData(std::vector<PcAxis> axes, std::vector<PcItem> items, bool higherIsBetter,
                 int colorAxis = -1);
    void clear();
    const std::vector<PcAxis> &axes() const { return m_axes; }
    const std::vector<PcItem> &items() const { return m_items; }

    // A brush in axis units (a Log axis's plain values, a Categorical one's indices).
    void setBrush(int axis, double low, double high);
    void clearBrush(int axis);
    void clearBrushes();
    std::optional<std::pair<double, double>> brush(int axis) const;
    bool hasBrush() const;
    // The ids of the items inside every brush (all of them when nothing is brushed).
    QSet<int> brushedIds() const;

    // Where a value sits on an axis, in widget pixels (for tests and tooltips).
    QPointF pointAt(int axis, double value) const;
    double valueAt(int axis, double y) const;
    QSize minimumSizeHint() const override { return {320, 200}; }

Q_SIGNALS:
    void brushChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QRectF plotRect() const;
    double axisX(int axis) const;
    double fraction(int axis, double value) const; // 0 at the bottom, 1 at the top
    int axisNear(double x) const;
    bool passes(const PcItem &item) const;
    QColor colorFor(double value) const;
    void paintAxis(QPainter &painter, int axis) const;
    std::vector<std::pair<double, QString>> ticks(int axis) const;

    std::vector<PcAxis> m_axes;
    std::vector<PcItem> m_items;
    std::vector<size_t> m_paintOrder; // indices into m_items, worst first
    std::vector<std::optional<std::pair<double, double>>> m_brushes;
    bool m_higherIsBetter = true;
    int m_colorAxis = -1;
    double m_colorMin = 0, m_colorMax = 1;
    int m_dragAxis = -1;
    double m_dragFrom = 0;
    bool m_dragMoved = false;
};

// Colour of t in [0, 1] (0 worst, 1 best) on viridis, from yellow-green to dark purple.
QColor sequentialColor(double t);

} // namespace dllab::plots
