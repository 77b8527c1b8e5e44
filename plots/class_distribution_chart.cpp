#include "class_distribution_chart.h"

#include "chart_style.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QFontMetrics>
#include <QHorizontalBarSeries>
#include <QValueAxis>

#include <algorithm>

namespace dllab::plots {

namespace {

// Past this many classes the count labels on the bars overlap; the value axis still reads.
constexpr int kMaxLabelledBars = 20;
// Horizontal bars need height per class; past this many they get too thin for their names.
constexpr int kMaxHorizontalBars = 12;
constexpr int kShortName = 3;
// What the value axis and margins take from the width, and Qt's padding around each label.
constexpr int kValueAxisWidth = 70;
constexpr int kLabelPadding = 10;

bool prefersHorizontalBars(const ClassDistributionChart::Counts &counts)
{
    if (counts.size() > kMaxHorizontalBars)
        return false;
    return std::any_of(counts.begin(), counts.end(),
                       [](const auto &entry) { return entry.first.size() > kShortName; });
}

} // namespace

ClassDistributionChart::ClassDistributionChart(QWidget *parent) : QChartView(parent)
{
    auto *chart = new QChart;
    applyChartStyle(chart);
    chart->setTitle(tr("Class distribution"));
    chart->legend()->hide();
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(240, 180);
    clear();
}

void ClassDistributionChart::setCounts(const Counts &counts)
{
    m_counts = counts;
    m_horizontal = prefersHorizontalBars(counts);
    QChart *c = chart();
    clearChart(c);

    auto *set = new QBarSet(tr("samples"));
    set->setColor(accentColor());
    set->setBorderColor(accentColor().darker(115));
    set->setLabelColor(QColor(0x3c, 0x42, 0x4a));
    QStringList names;
    qint64 maximum = 0;
    for (const auto &[name, count] : counts) {
        names << name;
        *set << double(count);
        maximum = std::max(maximum, count);
    }
    if (m_horizontal) {
        // Qt stacks categories bottom-up; reversed, the first class is on top, as in a table.
        std::reverse(names.begin(), names.end());
        QList<qreal> values;
        for (int i = set->count() - 1; i >= 0; --i)
            values << set->at(i);
        set->remove(0, set->count());
        set->append(values);
    }
    QAbstractBarSeries *series =
        m_horizontal ? static_cast<QAbstractBarSeries *>(new QHorizontalBarSeries) : new QBarSeries;
    series->setBarWidth(0.7);
    series->append(set);
    series->setLabelsVisible(!counts.isEmpty() && counts.size() <= kMaxLabelledBars);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsPrecision(12);
    c->addSeries(series);

    m_categories = new QBarCategoryAxis;
    m_values = new QValueAxis;
    m_values->setLabelFormat(QStringLiteral("%d"));
    m_categories->setGridLineVisible(false);
    m_categories->append(names.isEmpty() ? QStringList{QString()} : names);
    // Room for the count at the end of the longest bar; applyNiceNumbers keeps the ticks round.
    m_values->setRange(0, maximum > 0 ? double(maximum) * 1.15 : 1.0);
    m_values->applyNiceNumbers();
    m_values->setVisible(!counts.isEmpty());
    addBarAxes(c, series, m_categories, m_values, m_horizontal);
    fitCategoryLabels();
}

void ClassDistributionChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    fitCategoryLabels();
}

// Upright bars with names wider than their bar (many classes, narrow chart) get the names turned
// on their side rather than cut short.
void ClassDistributionChart::fitCategoryLabels()
{
    if (m_horizontal || m_counts.isEmpty()) {
        m_categories->setLabelsAngle(0);
        return;
    }
    const QFontMetrics metrics(m_categories->labelsFont());
    int widest = 0;
    for (const auto &[name, count] : m_counts)
        widest = std::max(widest, metrics.horizontalAdvance(name));
    const double band = double(width() - kValueAxisWidth) / double(m_counts.size() + 1);
    m_categories->setLabelsAngle(widest + kLabelPadding > band ? -90 : 0);
}

} // namespace dllab::plots
