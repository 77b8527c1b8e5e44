#pragma once
// The runs of a workspace as a table: name, status, dataset@version, model, lr, batch, epochs,
// val accuracy, duration. setRuns() merges a fresh listing: changed rows get dataChanged, gone
// rows are removed, and new rows are inserted in batches on later event-loop turns, so a
// workspace with thousands of runs shows its first rows at once and the GUI never stalls.
// GUI thread only.
#include "training/run_store.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QTimer>

#include <deque>
#include <optional>
#include <vector>

namespace dllab::ui {

class RunTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        StatusColumn,
        DatasetColumn,
        ModelColumn,
        LrColumn,
        BatchColumn,
        EpochsColumn,
        ValAccuracyColumn,
        DurationColumn,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole, RunIdRole };
    static constexpr int kInsertBatch = 200;

    explicit RunTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void setRuns(std::vector<training::RunRecord> runs);
    void clear();
    // True while rows of the last listing still wait to be inserted.
    bool isInserting() const { return !m_pending.empty(); }
    int rowOf(qint64 runId) const { return m_rowOf.value(runId, -1); }
    const training::RunRecord *run(int row) const;
    const training::RunRecord *runById(qint64 runId) const;

Q_SIGNALS:
    void runChanged(qint64 runId); // a row's record changed (not emitted for inserts)
    void insertsDone();

private:
    struct Row {
        training::RunRecord record;
        QString model;
        double lr = 0;
        qint64 batch = 0, epochs = 0;
        std::optional<double> valAccuracy; // regression runs: their val R² instead
        bool regression = false;
        QDateTime started, ended;
    };
    static Row makeRow(training::RunRecord record);
    void insertBatch();
    qint64 durationSeconds(const Row &row) const;

    std::vector<Row> m_rows;
    QHash<qint64, int> m_rowOf;
    std::deque<Row> m_pending;
    QTimer m_insertTimer;
};

QString formatDuration(qint64 seconds);

} // namespace dllab::ui
