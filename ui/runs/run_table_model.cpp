#include "ui/runs/run_table_model.h"

#include "training/run_summary.h"
#include "ui/shell/status_color.h"

#include <QColor>
#include <QSet>

#include <algorithm>

using nlohmann::json;

namespace dllab::ui {

namespace {

QDateTime parseTime(const std::string &text)
{
    if (text.empty())
        return {};
    return QDateTime::fromString(QString::fromStdString(text), Qt::ISODate);
}

QString modelText(const json &model)
{
    if (!model.is_object())
        return {};
    const std::string arch = model.value("arch", std::string());
    QStringList sizes;
    const char *key = arch == "mlp" ? "hidden" : arch == "cnn" ? "fc" : "channels";
    if (!model.contains(key) || !model[key].is_array())
        return QString::fromStdString(arch);
    for (const json &size : model[key])
        sizes << QString::number(size.is_number() ? size.get<double>() : 0);
    return QStringLiteral("%1 [%2]").arg(QString::fromStdString(arch),
                                         sizes.join(QLatin1Char(',')));
}

} // namespace

QString formatDuration(qint64 seconds)
{
    if (seconds < 0)
        return {};
    if (seconds >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(seconds / 3600)
            .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

RunTableModel::RunTableModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_insertTimer.setInterval(0);
    connect(&m_insertTimer, &QTimer::timeout, this, &RunTableModel::insertBatch);
}

int RunTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RunTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const names[] = {"Name",  "Status", "Dataset", "Model",   "LR",
                                        "Batch", "Epochs", "Val acc", "Duration"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

qint64 RunTableModel::durationSeconds(const Row &row) const
{
    if (!row.started.isValid())
        return -1;
    const QDateTime end = row.ended.isValid() ? row.ended
                          : row.record.status == training::RunStatus::Running
                              ? QDateTime::currentDateTimeUtc()
                              : QDateTime();
    return end.isValid() ? row.started.secsTo(end) : -1;
}

QVariant RunTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[size_t(index.row())];
    const training::RunRecord &r = row.record;
    if (role == RunIdRole)
        return qint64(r.id);
    if (role == Qt::ForegroundRole && index.column() == StatusColumn)
        return statusColor(r.status);
    if (role == Qt::TextAlignmentRole && index.column() >= LrColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) // the error, or the whole text where the column cuts it
        return index.column() == StatusColumn && !r.error.empty()
                   ? QVariant(QString::fromStdString(r.error))
                   : data(index, Qt::DisplayRole);
    const bool sort = role == SortRole;
    if (role != Qt::DisplayRole && !sort)
        return {};
    switch (Column(index.column())) {
    case NameColumn:
        return sort ? QVariant(qint64(r.id)) : QVariant(QString::fromStdString(r.name));
    case StatusColumn:
        return QString::fromStdString(r.shownStatus());
    case DatasetColumn:
        return QString::fromStdString(r.datasetRef.empty() ? r.spec.value("dataset", std::string())
                                                           : r.datasetRef);
    case ModelColumn:
        return row.model;
    case LrColumn:
        return sort ? QVariant(row.lr) : QVariant(QString::number(row.lr, 'g', 4));
    case BatchColumn:
        return row.batch;
    case EpochsColumn:
        return row.epochs;
    case ValAccuracyColumn:
        if (!row.valAccuracy)
            return sort ? QVariant(-1.0) : QVariant();
        if (sort)
            return *row.valAccuracy;
        return row.regression ? tr("R² %1").arg(*row.valAccuracy, 0, 'f', 4)
                              : QString::number(*row.valAccuracy, 'f', 4);
    case DurationColumn: {
        const qint64 s = durationSeconds(row);
        return sort ? QVariant(s) : QVariant(formatDuration(s));
    }
    case ColumnCount:
        break;
    }
    return {};
}

RunTableModel::Row RunTableModel::makeRow(training::RunRecord record)
{
    Row row;
    const json &spec = record.spec;
    if (spec.is_object()) {
        row.model = modelText(spec.value("model", json()));
        if (spec.contains("optimizer") && spec["optimizer"].is_object())
            row.lr = spec["optimizer"].value("lr", 0.0);
        row.batch = spec.value("batch_size", int64_t(0));
        row.epochs = spec.value("epochs", int64_t(0));
    }
    const auto summary = training::RunSummary::fromJson(record.summary, /*withEvaluations=*/false);
    row.regression = !summary.target.empty();
    if (row.regression) {
        const auto r2 = summary.metrics.find("val_r2");
        if (r2 != summary.metrics.end())
            row.valAccuracy = r2->second;
    } else {
        row.valAccuracy = summary.valAccuracy();
    }
    row.started = parseTime(record.startedAt);
    row.ended = parseTime(record.endedAt);
    row.record = std::move(record);
    return row;
}

void RunTableModel::setRuns(std::vector<training::RunRecord> runs)
{
    QSet<qint64> listed;
    m_pending.clear();
    for (training::RunRecord &record : runs) {
        const qint64 id = record.id;
        listed.insert(id);
        const int at = m_rowOf.value(id, -1);
        if (at < 0) {
            m_pending.push_back(makeRow(std::move(record)));
            continue;
        }
        Row &row = m_rows[size_t(at)];
        const bool changed = row.record != record;
        const bool ticking = record.status == training::RunStatus::Running; // its duration grows
        if (changed)
            row = makeRow(std::move(record));
        if (changed || ticking)
            Q_EMIT dataChanged(index(at, 0), index(at, ColumnCount - 1));
        if (changed)
            Q_EMIT runChanged(id);
    }
    // Removed from the bottom up so the rows above keep their numbers while we go.
    for (int at = int(m_rows.size()) - 1; at >= 0; --at) {
        if (listed.contains(m_rows[size_t(at)].record.id))
            continue;
        beginRemoveRows({}, at, at);
        m_rows.erase(m_rows.begin() + at);
        endRemoveRows();
    }
    m_rowOf.clear();
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_rowOf.insert(m_rows[i].record.id, int(i));
    if (!m_pending.empty()) {
        insertBatch(); // the first rows now, the rest on the next turns
        if (!m_pending.empty())
            m_insertTimer.start();
    }
}

void RunTableModel::insertBatch()
{
    const int count = int(std::min<size_t>(kInsertBatch, m_pending.size()));
    if (count > 0) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + count - 1);
        for (int i = 0; i < count; ++i) {
            m_rowOf.insert(m_pending.front().record.id, int(m_rows.size()));
            m_rows.push_back(std::move(m_pending.front()));
            m_pending.pop_front();
        }
        endInsertRows();
    }
    if (m_pending.empty()) {
        m_insertTimer.stop();
        Q_EMIT insertsDone();
    }
}

void RunTableModel::clear()
{
    m_pending.clear();
    m_insertTimer.stop();
    beginResetModel();
    m_rows.clear();
    m_rowOf.clear();
    endResetModel();
}

const training::RunRecord *RunTableModel::run(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[size_t(row)].record : nullptr;
}

const training::RunRecord *RunTableModel::runById(qint64 runId) const { return run(rowOf(runId)); }

} // namespace dllab::ui
