#pragma once
// One sweep's trials as a table: number, status (queued, running, complete, pruned, failed,
// stopped, interrupted), one column per parameter, the objective, the run. New trials are
// appended and changed ones updated in place; another sweep or another parameter list resets the
// model.
// TrialFilterProxy sorts it and keeps only the trials a parallel-coordinates brush lets through.
// GUI thread only.
#include "training/hpo/search_space.h"
#include "training/sweep/sweep_store.h"

#include <nlohmann/json.hpp>

#include <QAbstractTableModel>
#include <QSet>
#include <QSortFilterProxyModel>

#include <optional>
#include <vector>

namespace dllab::ui {

class SweepTrialModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum FixedColumn { NumberColumn, StatusColumn, FirstParamColumn };
    enum Role { SortRole = Qt::UserRole, TrialNumberRole, RunIdRole };

    explicit SweepTrialModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The sweep's parameters and objective metric, as its stored spec has them (SweepDetail).
    // sweepStatus: an interrupted sweep's unfinished trials show "interrupted".
    void setTrials(qint64 sweepId, std::vector<hpo::ParamSpec> params, const QString &metric,
                   std::vector<sweep::TrialRecord> trials,
                   sweep::SweepStatus sweepStatus = sweep::SweepStatus::Running);
    void clear() { setTrials(0, {}, {}, {}); }

    qint64 sweepId() const { return m_sweepId; }
    int objectiveColumn() const { return FirstParamColumn + int(m_params.size()); }
    int runColumn() const { return objectiveColumn() + 1; }
    const std::vector<sweep::TrialRecord> &trials() const { return m_trials; }
    sweep::SweepStatus sweepStatus() const { return m_sweepStatus; }

private:
    QVariant paramData(const sweep::TrialRecord &trial, int param, bool sort) const;

    qint64 m_sweepId = 0;
    std::vector<hpo::ParamSpec> m_params;
    QStringList m_shortNames;
    QString m_metric;
    std::vector<sweep::TrialRecord> m_trials;
    sweep::SweepStatus m_sweepStatus = sweep::SweepStatus::Running;
};

class TrialFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit TrialFilterProxy(QObject *parent = nullptr);
    // nullopt: every trial; otherwise only these trial numbers.
    void setAllowedTrials(std::optional<QSet<int>> numbers);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<QSet<int>> m_allowed;
};

// Column and axis titles: each dotted path cut to its shortest tail that still tells the
// parameters apart ("optimizer.weight_decay" -> "weight_decay", "model.hidden.0" -> "hidden.0").
QStringList shortParamNames(const std::vector<hpo::ParamSpec> &params);

} // namespace dllab::ui
