#include "ui/sweeps/sweep_list_model.h"

#include "ui/shell/status_color.h"

namespace dllab::ui {

SweepListModel::SweepListModel(QObject *parent) : QAbstractTableModel(parent) {}

int SweepListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SweepListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SweepListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const names[] = {"Name", "Status", "Algorithm", "Trials", "Best", "Started"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

QVariant SweepListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SweepRow &row = m_rows[size_t(index.row())];
    if (role == SweepIdRole)
        return row.id;
    if (role == Qt::ForegroundRole && index.column() == StatusColumn)
        return statusColor(row.status);
    if (role == Qt::TextAlignmentRole && index.column() >= TrialsColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == BestColumn)
        return tr("best %1 (%2)").arg(row.metric, row.maximize ? tr("maximize") : tr("minimize"));
    const bool sort = role == SortRole;
    if (role != Qt::DisplayRole && !sort)
        return {};
    switch (Column(index.column())) {
    case NameColumn:
        return sort ? QVariant(row.id) : QVariant(row.name);
    case StatusColumn:
        // A pause stays in the control column while paused; say only what is still to happen.
        if (!sort && sweep::isPending(row.status, row.control))
            return tr("%1 (%2 requested)")
                .arg(QLatin1String(sweep::statusName(row.status)),
                     QLatin1String(sweep::controlName(row.control)));
        return QLatin1String(sweep::statusName(row.status));
    case AlgorithmColumn:
        return row.algorithm;
    case TrialsColumn:
        return sort ? QVariant(row.done)
                    : QVariant(QStringLiteral("%1 / %2").arg(row.done).arg(row.maxTrials));
    case BestColumn:
        if (!row.best)
            return sort ? QVariant(row.maximize ? -1e300 : 1e300) : QVariant();
        return sort ? QVariant(*row.best) : QVariant(QString::number(*row.best, 'g', 4));
    case StartedColumn:
        return sort ? QVariant(row.id)
                    : QVariant(row.created.toLocalTime().toString(QStringLiteral("MM-dd HH:mm")));
    case ColumnCount:
        break;
    }
    return {};
}

void SweepListModel::setSweeps(std::vector<SweepRow> sweeps)
{
    bool sameIds = sweeps.size() == m_rows.size();
    for (size_t i = 0; sameIds && i < sweeps.size(); ++i)
        sameIds = sweeps[i].id == m_rows[i].id;
    if (!sameIds) {
        beginResetModel();
        m_rows = std::move(sweeps);
        endResetModel();
        return;
    }
    m_rows = std::move(sweeps);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int SweepListModel::rowOf(qint64 sweepId) const
{
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].id == sweepId)
            return int(i);
    return -1;
}

const SweepRow *SweepListModel::sweepById(qint64 sweepId) const
{
    const int row = rowOf(sweepId);
    return row < 0 ? nullptr : &m_rows[size_t(row)];
}

} // namespace dllab::ui
