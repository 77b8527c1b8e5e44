#pragma once
// A sweep's progress: each trial's objective as a point (complete trials filled, pruned ones
// hollow grey at their last reported value) and the best complete objective so far as a step
// line, under the sweep's goal (maximize or minimize). GUI thread only; the chart owns its
// series.
#include <QChartView>
#include <QPointF>

#include <vector>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace dllab::plots {

struct TrialPoint {
    int number = 0;
    double objective = 0;
    bool complete = true; // false: pruned, its last intermediate value
};

class BestSoFarChart : public QChartView {
    Q_OBJECT
public:
    explicit BestSoFarChart(QWidget *parent = nullptr);

    // Points in any order; lastTrial is the highest trial number the sweep has (any state), so
    // the step line reaches it.
    void setTrials(std::vector<TrialPoint> points, bool higherIsBetter, const QString &metric,
                   int lastTrial);
    void clear();
    // (number, best so far) at each complete trial, in number order.
    const std::vector<QPointF> &bestSoFar() const { return m_best; }
    QScatterSeries *completeSeries() const { return m_complete; }
    QScatterSeries *prunedSeries() const { return m_pruned; }
    QLineSeries *bestLine() const { return m_bestLine; }

private:
    QScatterSeries *m_complete, *m_pruned;
    QLineSeries *m_bestLine;
    QValueAxis *m_x, *m_y;
    std::vector<QPointF> m_best;
};

} // namespace dllab::plots
