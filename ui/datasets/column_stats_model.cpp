#include "ui/datasets/column_stats_model.h"

#include <QLocale>
#include <QPainter>

#include <algorithm>

using nlohmann::json;

namespace dllab::ui {

namespace {

constexpr int kTopValues = 20; // bars of a categorical column; the summary names three

QString number(const json &value)
{
    return value.is_number() ? QLocale().toString(value.get<double>(), 'g', 4) : QString();
}

} // namespace

void ColumnStatsModel::setStatistics(const json &stats, qint64 samples)
{
    beginResetModel();
    m_rows.clear();
    for (const json &column : stats.is_array() ? stats : json::array()) {
        Row row;
        row.name = QString::fromStdString(column.value("name", std::string()));
        row.type = QString::fromStdString(column.value("type", std::string()));
        const qint64 missing = column.value("missing", qint64(0));
        row.missing = missing == 0
                          ? QStringLiteral("0")
                          : tr("%1 (%2%)")
                                .arg(QLocale().toString(missing))
                                .arg(samples > 0 ? 100.0 * double(missing) / double(samples) : 0.0,
                                     0, 'f', 1);
        if (column.contains("histogram")) {
            row.summary = tr("%1 to %2, mean %3 ± %4")
                              .arg(number(column["min"]), number(column["max"]),
                                   number(column["mean"]), number(column["std"]));
            for (const json &count : column["histogram"])
                row.bars << count.get<qint64>();
            row.barsTip = tr("%1 equal bins from %2 to %3")
                              .arg(row.bars.size())
                              .arg(number(column["min"]), number(column["max"]));
        } else if (column.contains("values")) {
            std::vector<std::pair<qint64, std::string>> values;
            for (const auto &[value, count] : column["values"].items())
                values.emplace_back(count.get<qint64>(), value);
            std::sort(values.begin(), values.end(),
                      [](const auto &a, const auto &b) { return a.first > b.first; });
            QStringList top, tip;
            for (size_t i = 0; i < values.size() && i < size_t(kTopValues); ++i) {
                const QString text = tr("%1 (%2)").arg(QString::fromStdString(values[i].second),
                                                       QLocale().toString(values[i].first));
                (i < 3 ? top : tip) << text;
                row.bars << values[i].first;
            }
            row.summary =
                (values.size() == 1 ? tr("1 value: ") : tr("%1 values: ").arg(values.size()))
                + top.join(QStringLiteral(", "))
                + (values.size() > 3 ? QStringLiteral(", …") : QString());
            row.barsTip = tr("The %1 commonest values, largest first: %2")
                              .arg(row.bars.size())
                              .arg((top + tip).join(QStringLiteral(", ")));
        } else if (column.contains("first")) {
            row.summary = tr("%1 to %2")
                              .arg(QString::fromStdString(column.value("first", "")),
                                   QString::fromStdString(column.value("last", "")));
        } else if (column.contains("distinct")) {
            row.summary = tr("%1 distinct: kept, not a feature")
                              .arg(QLocale().toString(column["distinct"].get<qint64>()));
        }
        m_rows << row;
    }
    endResetModel();
}

int ColumnStatsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ColumnStatsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ColumnStatsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows[index.row()];
    if (role == BarsRole && index.column() == Distribution)
        return QVariant::fromValue(row.bars);
    if (role == Qt::ToolTipRole)
        return index.column() == Distribution ? row.barsTip : row.summary;
    if (role == Qt::TextAlignmentRole && index.column() == Missing)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return row.name;
    case Type:
        return row.type;
    case Missing:
        return row.missing;
    case Summary:
        return row.summary;
    default:
        return {};
    }
}

QVariant ColumnStatsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Column");
    case Type:
        return tr("Type");
    case Missing:
        return tr("Missing");
    case Summary:
        return tr("Summary");
    case Distribution:
        return tr("Distribution");
    default:
        return {};
    }
}

void DistributionDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index); // background and selection
    const auto bars = index.data(ColumnStatsModel::BarsRole).value<QList<qint64>>();
    const qint64 highest = bars.isEmpty() ? 0 : *std::max_element(bars.begin(), bars.end());
    if (highest <= 0)
        return;
    const QRectF area = QRectF(option.rect).adjusted(4, 3, -4, -3);
    const double width = area.width() / double(bars.size());
    painter->save();
    painter->setPen(Qt::NoPen);
    painter->setBrush(option.state & QStyle::State_Selected ? option.palette.highlightedText()
                                                            : QBrush(QColor(0x2f, 0x6d, 0xb5)));
    for (qsizetype i = 0; i < bars.size(); ++i) {
        // A bar of one sample still shows: at least a pixel high.
        const double height =
            bars[i] > 0 ? std::max(1.0, area.height() * double(bars[i]) / double(highest)) : 0;
        painter->drawRect(QRectF(area.left() + double(i) * width, area.bottom() - height,
                                 std::max(1.0, width - 1), height));
    }
    painter->restore();
}

QSize DistributionDelegate::sizeHint(const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    return QStyledItemDelegate::sizeHint(option, index).expandedTo(QSize(120, 24));
}

} // namespace dllab::ui
