#pragma once
// Class probabilities of one prediction ("Try it"): a horizontal bar per class in class order,
// the predicted class in the accent colour and the rest grey, each bar labelled with its
// percentage, and the prediction in the title. GUI thread only; owns its chart.
#include <QChartView>
#include <QList>
#include <QPair>
#include <QString>

namespace dllab::plots {

class ProbabilityChart : public QChartView {
    Q_OBJECT
public:
    using Probabilities = QList<QPair<QString, double>>; // class name -> probability, class order

    explicit ProbabilityChart(QWidget *parent = nullptr);

    void setProbabilities(const Probabilities &probabilities);
    void clear() { setProbabilities({}); }
    // A regression model's answer: no bars, the value as the title.
    void setValue(const QString &target, double value);
    const Probabilities &probabilities() const { return m_probabilities; }
    // The most probable class; empty when there is none (no classes, or all at zero).
    QString predictedClass() const;

private:
    Probabilities m_probabilities;
};

} // namespace dllab::plots
