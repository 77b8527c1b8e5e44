#pragma once
// A confusion-matrix heatmap painted cell by cell: rows are true classes, columns predicted ones,
// colour by the cell's share of its row (so small classes read as well as big ones), counts
// written in the cells when they fit. Clicking a cell emits cellClicked. GUI thread only.
#include <QList>
#include <QStringList>
#include <QWidget>

namespace dllab::plots {

class ConfusionMatrix : public QWidget {
    Q_OBJECT
public:
    using Matrix = QList<QList<qint64>>; // [true][predicted]

    explicit ConfusionMatrix(QWidget *parent = nullptr);

    void setMatrix(const Matrix &matrix, const QStringList &classNames);
    const Matrix &matrix() const { return m_matrix; }
    qint64 count(int trueClass, int predicted) const;
    // The cell under a widget position, or (-1, -1).
    QPair<int, int> cellAt(const QPoint &pos) const;
    // The centre of a cell in widget coordinates (tests click there).
    QPoint cellCenter(int trueClass, int predicted) const;
    QPair<int, int> selectedCell() const { return m_selected; }
    // Selects a cell as a click does (emits cellClicked); ignored outside the matrix.
    void selectCell(int trueClass, int predicted);

    QSize sizeHint() const override { return {420, 380}; }
    QSize minimumSizeHint() const override { return {200, 180}; }

Q_SIGNALS:
    void cellClicked(int trueClass, int predicted);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    QRectF gridRect() const;
    int leftSpace() const;

    Matrix m_matrix;
    QStringList m_names;
    QPair<int, int> m_selected{-1, -1};
};

} // namespace dllab::plots
