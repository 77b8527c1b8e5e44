#pragma once
// The sweeps of a workspace as a table: name, status, algorithm, trials done / max, best
// objective, when it was started. setSweeps() updates rows in place when the list of sweeps is
// the same and resets only when sweeps came or went. GUI thread only.
#include "ui/sweeps/sweep_snapshot.h"

#include <QAbstractTableModel>

#include <vector>

namespace dllab::ui {

class SweepListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        StatusColumn,
        AlgorithmColumn,
        TrialsColumn,
        BestColumn,
        StartedColumn,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole, SweepIdRole };

    explicit SweepListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void setSweeps(std::vector<SweepRow> sweeps);
    void clear() { setSweeps({}); }
    int rowOf(qint64 sweepId) const;
    const SweepRow *sweepById(qint64 sweepId) const;

private:
    std::vector<SweepRow> m_rows;
};

} // namespace dllab::ui
