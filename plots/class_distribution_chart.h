#pragma once
// A bar chart of samples per class ("Class distribution"). Short class names (digits, codes) get
// upright bars with the names underneath; longer names get horizontal bars with the names on the
// left, the first class on top, where they have room instead of being cut to "versic...". GUI
// thread only; owns its chart.
#include <QChartView>
#include <QList>
#include <QPair>
#include <QString>

class QBarCategoryAxis;
class QValueAxis;

namespace dllab::plots {

class ClassDistributionChart : public QChartView {
    Q_OBJECT
public:
    using Counts = QList<QPair<QString, qint64>>; // class name -> samples, in class order

    explicit ClassDistributionChart(QWidget *parent = nullptr);

    void setCounts(const Counts &counts);
    void clear() { setCounts({}); }
    const Counts &counts() const { return m_counts; }
    bool horizontalBars() const { return m_horizontal; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitCategoryLabels();

    Counts m_counts;
    bool m_horizontal = false;
    QBarCategoryAxis *m_categories = nullptr;
    QValueAxis *m_values = nullptr;
};

} // namespace dllab::plots
