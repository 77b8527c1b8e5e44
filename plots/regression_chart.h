#pragma once
// A regression model's answers on one split: predicted against actual values as a scatter with
// the y = x line (points on it are exact), and beside it the histogram of residuals
// (predicted - actual). Clicking a point says which one. GUI thread only; owns its charts.
#include <QList>
#include <QString>
#include <QWidget>

class QChartView;
class QScatterSeries;

namespace dllab::plots {

class ClassDistributionChart;

struct RegressionPoint {
    qint64 sample = 0; // index in the dataset version
    double actual = 0, predicted = 0;
};

class RegressionChart : public QWidget {
    Q_OBJECT
public:
    explicit RegressionChart(QWidget *parent = nullptr);

    // `target` names the axes; residual counts are 20 bins from low to high.
    void setData(const QString &target, const QList<RegressionPoint> &points,
                 const QList<qint64> &residualCounts, double residualLow, double residualHigh);
    const QList<RegressionPoint> &points() const { return m_points; }
    QChartView *scatterView() const { return m_scatter; }
    ClassDistributionChart *residualChart() const { return m_residuals; }

Q_SIGNALS:
    // The index into points() of the point clicked.
    void pointClicked(int index);

private:
    void onScatterClicked(const QPointF &where);

    QList<RegressionPoint> m_points;
    QChartView *m_scatter;
    QScatterSeries *m_series = nullptr;
    ClassDistributionChart *m_residuals;
};

} // namespace dllab::plots
