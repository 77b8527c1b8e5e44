#pragma once
// Parameter importance as horizontal bars in [0, 1], one per parameter, first parameter on top.
// What the numbers mean is the caller's to say (setExplanation: the value axis title and the
// tooltip), since the chart only draws them. GUI thread only; the chart owns its series.
#include <QChartView>
#include <QList>
#include <QString>

namespace dllab::plots {

struct ImportanceBar {
    QString name;
    double value = 0;
};

class ImportanceChart : public QChartView {
    Q_OBJECT
public:
    explicit ImportanceChart(QWidget *parent = nullptr);

    void setBars(const QList<ImportanceBar> &bars);
    // axisTitle under the bars (short), tooltip for the whole explanation.
    void setExplanation(const QString &axisTitle, const QString &tooltip);
    const QList<ImportanceBar> &bars() const { return m_bars; }
    // The bar's name on the category axis, with its value ("lr  0.42").
    static QString categoryLabel(const ImportanceBar &bar);

private:
    QList<ImportanceBar> m_bars;
    QString m_axisTitle;
};

} // namespace dllab::plots
