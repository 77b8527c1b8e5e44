#include "ui/sweeps/sweep_trial_model.h"

#include "training/sweep/sweep_spec.h"
#include "ui/shell/status_color.h"

#include <QColor>

#include <algorithm>
#include <limits>

using nlohmann::json;

namespace dllab::ui {

QStringList shortParamNames(const std::vector<hpo::ParamSpec> &params)
{
    QList<QStringList> paths;
    for (const auto &param : params)
        paths << QString::fromStdString(param.name).split(QLatin1Char('.'));
    auto tail = [](const QStringList &path, qsizetype n) {
        return path.mid(std::max<qsizetype>(0, path.size() - n)).join(QLatin1Char('.'));
    };
    QStringList names;
    for (const QStringList &path : paths) {
        bool isIndex = false;
        path.last().toInt(&isIndex);
        qsizetype n = isIndex ? 2 : 1; // "0" alone says nothing
        while (n < path.size()) {
            const QString candidate = tail(path, n);
            const auto clashes =
                std::count_if(paths.begin(), paths.end(), [&](const QStringList &other) {
                    return tail(other, n) == candidate;
                });
            if (clashes <= 1)
                break;
            ++n;
        }
        names << tail(path, n);
    }
    return names;
}

SweepTrialModel::SweepTrialModel(QObject *parent) : QAbstractTableModel(parent) {}

int SweepTrialModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_trials.size());
}

int SweepTrialModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : runColumn() + 1;
}

QVariant SweepTrialModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    if (section == NumberColumn)
        return tr("#");
    if (section == StatusColumn)
        return tr("Status");
    if (section == objectiveColumn())
        return m_metric.isEmpty() ? tr("Objective") : m_metric;
    if (section == runColumn())
        return tr("Run");
    const int param = section - FirstParamColumn;
    if (param < 0 || param >= int(m_params.size()))
        return {};
    const QString name = QString::fromStdString(m_params[size_t(param)].name);
    if (role == Qt::DisplayRole)
        return m_shortNames.value(param, name);
    const hpo::ParamSpec &spec = m_params[size_t(param)];
    const std::string_view type = hpo::paramTypeName(spec.type);
    return tr("%1 (%2%3)")
        .arg(name, QString::fromUtf8(type.data(), qsizetype(type.size())),
             spec.log ? tr(", log") : QString());
}

QVariant SweepTrialModel::paramData(const sweep::TrialRecord &trial, int param, bool sort) const
{
    const hpo::ParamSpec &spec = m_params[size_t(param)];
    const auto it = trial.params.find(spec.name);
    if (it == trial.params.end())
        return {};
    const json &value = it->second;
    if (sort) {
        if (value.is_number())
            return value.get<double>();
        const auto internal = spec.toInternal(value); // a choice's index keeps the spec's order
        return internal ? QVariant(*internal) : QVariant(QString::fromStdString(value.dump()));
    }
    if (value.is_number_float())
        return QString::number(value.get<double>(), 'g', 4);
    return QString::fromStdString(sweep::paramText(value));
}

QVariant SweepTrialModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const sweep::TrialRecord &trial = m_trials[size_t(index.row())];
    const int column = index.column();
    if (role == TrialNumberRole)
        return trial.number;
    if (role == RunIdRole)
        return trial.runId ? QVariant(qint64(*trial.runId)) : QVariant();
    if (role == Qt::ForegroundRole && column == StatusColumn)
        return statusColor(trial.state, sweep::isCutOff(m_sweepStatus, trial.state));
    if (role == Qt::ToolTipRole && column == StatusColumn && !trial.error.empty())
        return QString::fromStdString(trial.error);
    if (role == Qt::TextAlignmentRole && column != StatusColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    const bool sort = role == SortRole;
    if (role != Qt::DisplayRole && !sort)
        return {};
    if (column == NumberColumn)
        return trial.number;
    if (column == StatusColumn)
        return QLatin1String(sweep::shownStateName(m_sweepStatus, trial.state));
    if (column == objectiveColumn()) {
        if (!trial.objective) // trials without one sort together, below any value
            return sort ? QVariant(-std::numeric_limits<double>::max()) : QVariant();
        return sort ? QVariant(*trial.objective)
                    : QVariant(QString::number(*trial.objective, 'g', 5));
    }
    if (column == runColumn())
        return trial.runId ? QVariant(qint64(*trial.runId))
               : sort      ? QVariant(qint64(0))
                           : QVariant();
    return paramData(trial, column - FirstParamColumn, sort);
}

void SweepTrialModel::setTrials(qint64 sweepId, std::vector<hpo::ParamSpec> params,
                                const QString &metric, std::vector<sweep::TrialRecord> trials,
                                sweep::SweepStatus sweepStatus)
{
    if (sweepStatus != m_sweepStatus && !m_trials.empty()) {
        m_sweepStatus = sweepStatus; // the cut-off trials' text changes
        Q_EMIT dataChanged(index(0, StatusColumn), index(int(m_trials.size()) - 1, StatusColumn));
    }
    m_sweepStatus = sweepStatus;
    bool sameColumns = params.size() == m_params.size() && metric == m_metric;
    for (size_t i = 0; sameColumns && i < params.size(); ++i)
        sameColumns = params[i].name == m_params[i].name;
    // Trials are only ever added, numbered in order; anything else is another sweep.
    bool appendOnly = sweepId == m_sweepId && sameColumns && trials.size() >= m_trials.size();
    for (size_t i = 0; appendOnly && i < m_trials.size(); ++i)
        appendOnly = trials[i].number == m_trials[i].number;
    if (!appendOnly) {
        beginResetModel();
        m_sweepId = sweepId;
        m_params = std::move(params);
        m_shortNames = shortParamNames(m_params);
        m_metric = metric;
        m_trials = std::move(trials);
        endResetModel();
        return;
    }
    for (size_t i = 0; i < m_trials.size(); ++i) {
        const sweep::TrialRecord &now = trials[i];
        sweep::TrialRecord &was = m_trials[i];
        if (now.state == was.state && now.objective == was.objective && now.runId == was.runId
            && now.error == was.error)
            continue;
        was = now;
        Q_EMIT dataChanged(index(int(i), 0), index(int(i), runColumn()));
    }
    if (trials.size() > m_trials.size()) {
        beginInsertRows({}, int(m_trials.size()), int(trials.size()) - 1);
        m_trials.insert(m_trials.end(), trials.begin() + std::ptrdiff_t(m_trials.size()),
                        trials.end());
        endInsertRows();
    }
}

TrialFilterProxy::TrialFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(SweepTrialModel::SortRole);
}

void TrialFilterProxy::setAllowedTrials(std::optional<QSet<int>> numbers)
{
    m_allowed = std::move(numbers);
    invalidateFilter(); // Qt 6.4: beginFilterChange() does not exist yet
}

bool TrialFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_allowed)
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return m_allowed->contains(index.data(SweepTrialModel::TrialNumberRole).toInt());
}

} // namespace dllab::ui
