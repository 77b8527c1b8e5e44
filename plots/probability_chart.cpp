#include "probability_chart.h"

#include "chart_style.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QHorizontalBarSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace dllab::plots {

namespace {

const QColor kOtherClasses(0xb8, 0xc2, 0xcc);

} // namespace

ProbabilityChart::ProbabilityChart(QWidget *parent) : QChartView(parent)
{
    auto *chart = new QChart;
    applyChartStyle(chart);
    chart->legend()->hide();
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(260, 220);
    clear();
}

QString ProbabilityChart::predictedClass() const
{
    const auto best =
        std::max_element(m_probabilities.begin(), m_probabilities.end(),
                         [](const auto &a, const auto &b) { return a.second < b.second; });
    // All zero: nothing has been predicted yet.
    return best == m_probabilities.end() || best->second <= 0 ? QString() : best->first;
}

void ProbabilityChart::setProbabilities(const Probabilities &probabilities)
{
    m_probabilities = probabilities;
    QChart *c = chart();
    clearChart(c);
    const QString predicted = predictedClass();
    // One set in grey, the predicted class's bar selected in the accent colour.
    auto *set = new QBarSet(tr("probability"));
    set->setColor(kOtherClasses);
    set->setBorderColor(Qt::transparent);
    set->setLabelColor(QColor(0x1f, 0x29, 0x33));
    QStringList names;
    // Qt stacks categories bottom-up; in reverse the first class is on top, as in a table.
    for (auto it = probabilities.rbegin(); it != probabilities.rend(); ++it) {
        names << it->first;
        // Rounded to 0.1 %, so the labels read "95.4%" and "0%", not "8.08e-05%".
        *set << std::round(it->second * 1000.0) / 10.0;
    }
    auto *series = new QHorizontalBarSeries;
    series->setBarWidth(0.75);
    series->append(set);
    series->setLabelsVisible(!probabilities.isEmpty());
    series->setLabelsFormat(QStringLiteral("@value%"));
    series->setLabelsPrecision(3);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    c->addSeries(series);
    // The chart's theme sets the colours when the series is added; the highlight comes after.
    set->setSelectedColor(accentColor());
    if (!predicted.isEmpty())
        set->selectBar(int(names.indexOf(predicted)));

    auto *categories = new QBarCategoryAxis;
    auto *values = new QValueAxis;
    categories->setGridLineVisible(false);
    categories->append(names.isEmpty() ? QStringList{QString()} : names);
    values->setRange(0, 100);
    values->setTickCount(6);
    values->setLabelFormat(QStringLiteral("%d%%"));
    addBarAxes(c, series, categories, values, true);

    if (predicted.isEmpty()) {
        c->setTitle(tr("Class probabilities"));
    } else {
        double p = 0;
        for (const auto &[name, probability] : probabilities)
            if (name == predicted)
                p = probability;
        c->setTitle(tr("Prediction: %1 (%2%)").arg(predicted).arg(p * 100.0, 0, 'f', 1));
    }
}

void ProbabilityChart::setValue(const QString &target, double value)
{
    setProbabilities({});
    chart()->setTitle(tr("Predicted %1: %2").arg(target).arg(value, 0, 'g', 6));
}

} // namespace dllab::plots
