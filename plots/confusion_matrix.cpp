#include "confusion_matrix.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace dllab::plots {

namespace {

constexpr int kLabelSpace = 44; // left and top margins for the class names and axis titles
constexpr int kMargin = 6;
constexpr int kMaxLeftSpace = 130;

// White to a deep blue; the diagonal and the off-diagonal use the same scale.
QColor heat(double share)
{
    share = std::clamp(share, 0.0, 1.0);
    const QColor low(0xf7, 0xfb, 0xff), high(0x08, 0x30, 0x6b);
    return QColor::fromRgbF(low.redF() + (high.redF() - low.redF()) * share,
                            low.greenF() + (high.greenF() - low.greenF()) * share,
                            low.blueF() + (high.blueF() - low.blueF()) * share);
}

} // namespace

ConfusionMatrix::ConfusionMatrix(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("confusionMatrix"));
    setMouseTracking(false);
    setCursor(Qt::PointingHandCursor);
}

void ConfusionMatrix::setMatrix(const Matrix &matrix, const QStringList &classNames)
{
    m_matrix = matrix;
    m_names = classNames;
    m_selected = {-1, -1};
    update();
}

qint64 ConfusionMatrix::count(int trueClass, int predicted) const
{
    if (trueClass < 0 || trueClass >= m_matrix.size() || predicted < 0
        || predicted >= m_matrix[trueClass].size())
        return 0;
    return m_matrix[trueClass][predicted];
}

// Room on the left for the longest class name (up to a limit; longer ones are elided).
int ConfusionMatrix::leftSpace() const
{
    int widest = 0;
    for (const QString &name : m_names)
        widest = std::max(widest, fontMetrics().horizontalAdvance(name));
    return std::clamp(widest + 32, kLabelSpace, kMaxLeftSpace);
}

QRectF ConfusionMatrix::gridRect() const
{
    const int n = int(m_matrix.size());
    const int left = leftSpace();
    const double side =
        std::max(0, std::min(width() - left - kMargin, height() - kLabelSpace - kMargin));
    return n == 0 ? QRectF() : QRectF(left, kLabelSpace, side, side);
}

QPair<int, int> ConfusionMatrix::cellAt(const QPoint &pos) const
{
    const QRectF grid = gridRect();
    if (!grid.contains(pos))
        return {-1, -1};
    const int n = int(m_matrix.size());
    const double cell = grid.width() / n;
    return {std::min(n - 1, int((pos.y() - grid.top()) / cell)),
            std::min(n - 1, int((pos.x() - grid.left()) / cell))};
}

QPoint ConfusionMatrix::cellCenter(int trueClass, int predicted) const
{
    const QRectF grid = gridRect();
    const double cell = grid.width() / std::max<qsizetype>(1, m_matrix.size());
    return QPointF(grid.left() + (predicted + 0.5) * cell, grid.top() + (trueClass + 0.5) * cell)
        .toPoint();
}

void ConfusionMatrix::mousePressEvent(QMouseEvent *event)
{
    const auto [row, column] = cellAt(event->position().toPoint());
    selectCell(row, column);
}

void ConfusionMatrix::selectCell(int trueClass, int predicted)
{
    const int n = int(m_matrix.size());
    if (trueClass < 0 || predicted < 0 || trueClass >= n || predicted >= n)
        return;
    m_selected = {trueClass, predicted};
    update();
    Q_EMIT cellClicked(trueClass, predicted);
}

void ConfusionMatrix::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const int n = int(m_matrix.size());
    if (n == 0) {
        painter.setPen(QColor(0x6b, 0x72, 0x80));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("The confusion matrix appears when the first epoch ends."));
        return;
    }
    const QRectF grid = gridRect();
    const double cell = grid.width() / n;
    QFont font = painter.font();
    font.setPointSizeF(std::clamp(cell / 3.2, 6.0, font.pointSizeF()));
    painter.setFont(font);
    for (int r = 0; r < n; ++r) {
        qint64 rowTotal = 0;
        for (qint64 v : m_matrix[r])
            rowTotal += v;
        for (int c = 0; c < n && c < m_matrix[r].size(); ++c) {
            const QRectF box(grid.left() + c * cell, grid.top() + r * cell, cell, cell);
            const double share = rowTotal > 0 ? double(m_matrix[r][c]) / double(rowTotal) : 0.0;
            // Off-diagonal mistakes are rare; a square root lifts them enough to be seen.
            const QColor fill = heat(r == c ? share : std::sqrt(share));
            painter.fillRect(box, fill);
            if (cell >= 14 && m_matrix[r][c] > 0) {
                painter.setPen(fill.lightnessF() < 0.55 ? Qt::white : QColor(0x20, 0x24, 0x2a));
                painter.drawText(box, Qt::AlignCenter, QString::number(m_matrix[r][c]));
            }
        }
    }
    painter.setPen(QColor(0xd0, 0xd4, 0xda));
    painter.drawRect(grid);
    if (m_selected.first >= 0) {
        painter.setPen(QPen(QColor(0xff, 0x8c, 0x00), 2.5));
        painter.drawRect(QRectF(grid.left() + m_selected.second * cell,
                                grid.top() + m_selected.first * cell, cell, cell));
    }
    // Class names along both sides, and what the axes mean.
    painter.setPen(QColor(0x3c, 0x42, 0x4a));
    for (int i = 0; i < n; ++i) {
        const QString name = m_names.value(i, QString::number(i));
        const QFontMetrics metrics(painter.font());
        painter.drawText(QRectF(grid.left() + i * cell, grid.top() - 20, cell, 18), Qt::AlignCenter,
                         metrics.elidedText(name, Qt::ElideRight, int(cell)));
        const double labelWidth = grid.left() - 24;
        painter.drawText(QRectF(22, grid.top() + i * cell, labelWidth - 2, cell),
                         Qt::AlignRight | Qt::AlignVCenter,
                         metrics.elidedText(name, Qt::ElideRight, int(labelWidth)));
    }
    QFont small = painter.font();
    small.setItalic(true);
    painter.setFont(small);
    painter.drawText(QRectF(grid.left(), 0, grid.width(), 20), Qt::AlignCenter, tr("predicted"));
    painter.save();
    painter.translate(10, grid.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-grid.height() / 2, -9, grid.height(), 18), Qt::AlignCenter,
                     tr("true"));
    painter.restore();
}

} // namespace dllab::plots
