#pragma once
// The Columns tab of a table version's preview: one row per column with its type, missing cells,
// a summary (range and mean ± std, the commonest values, or the dates' range) and its
// distribution drawn as bars (a numeric column's 20-bin histogram, a categorical column's value
// counts, largest first), read from the version's schema statistics. GUI thread only.
#include <nlohmann/json.hpp>

#include <QAbstractTableModel>
#include <QStyledItemDelegate>

namespace dllab::ui {

class ColumnStatsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Type, Missing, Summary, Distribution, ColumnCount };
    // The bar heights of the Distribution column (QList<qint64>).
    static constexpr int BarsRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;

    // `stats`: VersionInfo::columnStats (an array, one object per column); `samples`: the rows.
    void setStatistics(const nlohmann::json &stats, qint64 samples);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row {
        QString name, type, missing, summary, barsTip;
        QList<qint64> bars;
    };
    QList<Row> m_rows;
};

// Paints BarsRole as a small bar chart filling the cell.
class DistributionDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace dllab::ui
