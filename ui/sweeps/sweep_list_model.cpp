#include "ui/sweeps/sweep_list_model.h"

#include <QColor>

namespace dllab::ui {

namespace {

enum class Tone { Live, Good, Bad, Held, Quiet };

QColor toneColor(Tone tone)
{
    switch (tone) {
    case Tone::Live:
        return QColor(0x1f, 0x5f, 0xa8);
    case Tone::Good:
        return QColor(0x2e, 0x7d, 0x32);
    case Tone::Bad:
        return QColor(0xc6, 0x28, 0x28);
    case Tone::Held:
        return QColor(0xb2, 0x6a, 0x00);
    case Tone::Quiet:
        break;
    }
    return QColor(0x6b, 0x72, 0x80);
}

} // namespace

QColor sweepStatusColor(sweep::SweepStatus status)
{
    using S = sweep::SweepStatus;
    switch (status) {
    case S::Running:
        return toneColor(Tone::Live);
    case S::Finished:
        return toneColor(Tone::Good);
    case S::Failed:
        return toneColor(Tone::Bad);
    case S::Paused:
    case S::Interrupted:
        return toneColor(Tone::Held);
    case S::Stopped:
        break;
    }
    return toneColor(Tone::Quiet);
}

QColor trialStateColor(sweep::TrialState state, bool cutOff)
{
    using T = sweep::TrialState;
    if (cutOff)
        return toneColor(Tone::Held);
    switch (state) {
    case T::Running:
        return toneColor(Tone::Live);
    case T::Complete:
        return toneColor(Tone::Good);
    case T::Failed:
        return toneColor(Tone::Bad);
    case T::Pruned:
        return toneColor(Tone::Held);
    default:
        return toneColor(Tone::Quiet);
    }
}

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
        return sweepStatusColor(row.status);
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

void SweepListModel::clear() { setSweeps({}); }

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
