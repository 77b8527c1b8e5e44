#include "chart_controls.h"

#include "elided_label.h"
#include "metric_chart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>

namespace dllab::plots {

namespace {

constexpr int kSliderSteps = 99; // weight = value / 100, so 0.99 at most

} // namespace

QString xAxisTitle(XAxis axis)
{
    switch (axis) {
    case XAxis::Step:
        return QObject::tr("step");
    case XAxis::Epoch:
        return QObject::tr("epoch");
    case XAxis::WallTime:
        return QObject::tr("wall time (s)");
    }
    return {};
}

ChartControls::ChartControls(QWidget *parent)
    : QWidget(parent), m_xAxis(new QComboBox), m_smoothing(new QSlider(Qt::Horizontal)),
      m_smoothingLabel(new QLabel), m_logY(new QCheckBox(tr("Log y")))
{
    m_xAxis->setObjectName(QStringLiteral("xAxisCombo"));
    m_xAxis->addItems({tr("Step"), tr("Epoch"), tr("Wall time")});
    m_smoothing->setObjectName(QStringLiteral("smoothingSlider"));
    m_smoothing->setRange(0, kSliderSteps);
    m_smoothing->setValue(60);
    m_smoothing->setFixedWidth(140);
    m_smoothingLabel->setMinimumWidth(32);
    m_logY->setObjectName(QStringLiteral("logYBox"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("X axis:")));
    layout->addWidget(m_xAxis);
    layout->addSpacing(12);
    layout->addWidget(new QLabel(tr("Smoothing:")));
    layout->addWidget(m_smoothing);
    layout->addWidget(m_smoothingLabel);
    layout->addSpacing(12);
    layout->addWidget(m_logY);
    auto *hint = new ElidedLabel(tr("drag: zoom · Ctrl+drag or middle: pan · double-click: reset · "
                                    "right-click: export"));
    hint->setObjectName(QStringLiteral("chartHint"));
    hint->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    hint->setStyleSheet(QStringLiteral("color: #6b7280;"));
    layout->addWidget(hint, 1);

    connect(m_xAxis, &QComboBox::currentIndexChanged, this,
            [this](int index) { Q_EMIT xAxisChanged(XAxis(index)); });
    connect(m_smoothing, &QSlider::valueChanged, this, &ChartControls::apply);
    connect(m_logY, &QCheckBox::toggled, this, &ChartControls::apply);
    apply();
}

void ChartControls::addChart(MetricChart *chart)
{
    m_charts << chart;
    chart->setSmoothing(smoothing());
    chart->setLogY(logY());
}

XAxis ChartControls::xAxis() const { return XAxis(m_xAxis->currentIndex()); }
void ChartControls::setXAxis(XAxis axis) { m_xAxis->setCurrentIndex(int(axis)); }
double ChartControls::smoothing() const { return m_smoothing->value() / 100.0; }
void ChartControls::setSmoothing(double weight) { m_smoothing->setValue(qRound(weight * 100)); }
bool ChartControls::logY() const { return m_logY->isChecked(); }
void ChartControls::setLogY(bool on) { m_logY->setChecked(on); }

void ChartControls::apply()
{
    m_smoothingLabel->setText(QString::number(smoothing(), 'f', 2));
    for (const QPointer<MetricChart> &chart : std::as_const(m_charts)) {
        if (chart) {
            chart->setSmoothing(smoothing());
            chart->setLogY(logY());
        }
    }
}

} // namespace dllab::plots
