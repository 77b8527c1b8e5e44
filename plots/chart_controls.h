#pragma once
// The controls above a group of MetricCharts: x axis (step, epoch, wall time), EMA smoothing
// (slider 0..0.99), log y. Smoothing and log y apply to every chart added; the x axis is only
// reported, since the charts' owner decides what x each point gets. GUI thread only; the charts
// are not owned.
#include <QList>
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace dllab::plots {

class MetricChart;

enum class XAxis { Step, Epoch, WallTime };

class ChartControls : public QWidget {
    Q_OBJECT
public:
    explicit ChartControls(QWidget *parent = nullptr);

    void addChart(MetricChart *chart);
    XAxis xAxis() const;
    void setXAxis(XAxis axis);
    double smoothing() const;
    void setSmoothing(double weight);
    bool logY() const;
    void setLogY(bool on);

    QComboBox *xAxisCombo() const { return m_xAxis; }
    QSlider *smoothingSlider() const { return m_smoothing; }
    QCheckBox *logYBox() const { return m_logY; }

Q_SIGNALS:
    void xAxisChanged(dllab::plots::XAxis axis);

private:
    void apply();

    QComboBox *m_xAxis;
    QSlider *m_smoothing;
    QLabel *m_smoothingLabel;
    QCheckBox *m_logY;
    QList<QPointer<MetricChart>> m_charts;
};

QString xAxisTitle(XAxis axis);

} // namespace dllab::plots
