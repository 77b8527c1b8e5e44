#include "ui/datasets/import_column_model.h"

#include "ui/datasets/preview_data.h"

#include <QApplication>
#include <QFont>
#include <QPalette>

#include <algorithm>

namespace dllab::ui {

namespace {

using datasets::ColumnRole;
using datasets::ColumnType;

QString share(int64_t part, int64_t whole)
{
    if (whole <= 0 || part <= 0)
        return QString::number(part);
    const double percent = 100.0 * double(part) / double(whole);
    return QStringLiteral("%1 (%2 %)").arg(part).arg(percent, 0, 'f', percent < 10 ? 1 : 0);
}

} // namespace

QString columnTypeText(ColumnType type)
{
    switch (type) {
    case ColumnType::Numeric:
        return ImportColumnModel::tr("numeric");
    case ColumnType::Categorical:
        return ImportColumnModel::tr("categorical");
    case ColumnType::Date:
        return ImportColumnModel::tr("date");
    case ColumnType::Text:
        return ImportColumnModel::tr("text");
    case ColumnType::Ignore:
        return ImportColumnModel::tr("ignore");
    }
    return {};
}

ImportColumnModel::ImportColumnModel(QObject *parent) : QAbstractTableModel(parent) {}

void ImportColumnModel::setPreview(const datasets::CsvPreview &preview)
{
    const bool known = preview.error.empty();
    if (known)
        m_regression = preview.head.task == datasets::Task::Regression;
    for (const auto &column : preview.columns) {
        if (known && column.role == ColumnRole::Feature && !column.forced)
            m_inferred[column.name] = column.type;
    }
    QList<Row> rows;
    for (const auto &column : preview.columns)
        rows << describe(column, preview, known);
    // The same columns (another choice on the same file): changed in place, so that the view
    // keeps its current cell and an open editor.
    const bool same =
        rows.size() == m_rows.size()
        && std::equal(rows.begin(), rows.end(), m_rows.begin(),
                      [](const Row &a, const Row &b) { return a.column.name == b.column.name; });
    if (same && !rows.isEmpty()) {
        m_rows = std::move(rows);
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

QString ImportColumnModel::typeText(const datasets::CsvColumnSummary &column) const
{
    if (column.role == ColumnRole::Label && m_regression)
        return tr("label (regression)");
    if (column.role == ColumnRole::Label)
        return column.distinct > 0 ? tr("label (%n classes)", nullptr, int(column.distinct))
                                   : tr("label");
    if (const auto set = m_overrides.find(column.name); set != m_overrides.end())
        return columnTypeText(set->second);
    const auto inferred = m_inferred.find(column.name);
    if (column.role == ColumnRole::Dropped)
        return tr("auto: dropped");
    return inferred == m_inferred.end() ? tr("auto")
                                        : tr("auto (%1)").arg(columnTypeText(inferred->second));
}

ImportColumnModel::Row ImportColumnModel::describe(const datasets::CsvColumnSummary &column,
                                                   const datasets::CsvPreview &preview,
                                                   bool known) const
{
    Row row{column, {}, {}, {}, {}};
    if (!known)
        return row;
    QStringList examples;
    if (column.role == ColumnRole::Label) {
        row.missing = share(column.missing, preview.rows + column.missing);
        const auto &head = preview.head;
        if (head.task == datasets::Task::Regression)
            for (int64_t i = 0; i < head.samples() && i < 3; ++i)
                examples << QString::fromStdString(head.labelText(i));
        for (size_t i = 0; i < head.classNames.size() && i < 3; ++i)
            examples << QString::fromStdString(head.classNames[i]);
        if (column.missing > 0)
            row.tip = tr("%n rows without a label are left out", nullptr, int(column.missing));
    } else if (column.role == ColumnRole::Feature && column.stored >= 0) {
        row.missing = share(column.missing, preview.rows);
        for (const float value : column.examples)
            examples << tableCellText(preview.head, size_t(column.stored), value);
        if (column.distinct > 0)
            row.tip = tr("%n distinct values", nullptr, int(column.distinct));
    } else if (column.role == ColumnRole::Dropped) {
        row.tip = tr("Dropped: %1").arg(QString::fromStdString(column.note));
        row.examples = QString::fromStdString(column.note);
        return row;
    } else {
        return row; // ignored: not read
    }
    row.examples = examples.join(QStringLiteral(", "));
    if (column.distinct > int64_t(examples.size()))
        row.examples += QStringLiteral(", …");
    return row;
}

bool ImportColumnModel::setOverride(const QString &column, std::optional<ColumnType> type)
{
    const int row = rowOf(column);
    if (row < 0 || m_rows[row].column.role == ColumnRole::Label)
        return false;
    const std::string name = column.toStdString();
    const auto old = m_overrides.find(name);
    const std::optional<ColumnType> before =
        old == m_overrides.end() ? std::nullopt : std::optional(old->second);
    if (before == type)
        return true;
    if (type)
        m_overrides[name] = *type;
    else
        m_overrides.erase(name);
    const QModelIndex changed = index(row, TypeColumn);
    Q_EMIT dataChanged(changed, changed);
    Q_EMIT overridesChanged();
    return true;
}

void ImportColumnModel::clearOverride(const QString &column)
{
    if (m_overrides.erase(column.toStdString()) == 0)
        return;
    if (const int row = rowOf(column); row >= 0)
        Q_EMIT dataChanged(index(row, TypeColumn), index(row, TypeColumn));
}

QStringList ImportColumnModel::columnNames() const
{
    QStringList names;
    for (const Row &row : m_rows)
        names << QString::fromStdString(row.column.name);
    return names;
}

int ImportColumnModel::rowOf(const QString &column) const
{
    const std::string name = column.toStdString();
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows[row].column.name == name)
            return row;
    return -1;
}

int ImportColumnModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ImportColumnModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImportColumnModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    const bool label = row.column.role == ColumnRole::Label;
    const auto set = m_overrides.find(row.column.name);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return QString::fromStdString(row.column.name);
        case TypeColumn:
            return typeText(row.column);
        case MissingColumn:
            return row.missing;
        case ExamplesColumn:
            return row.examples;
        }
        return {};
    case Qt::EditRole:
    case OverrideRole:
        if (index.column() != TypeColumn)
            return role == Qt::EditRole ? data(index, Qt::DisplayRole) : QVariant();
        return set == m_overrides.end() ? kAuto : int(set->second);
    case InferredRole: {
        const auto inferred = m_inferred.find(row.column.name);
        return inferred == m_inferred.end() ? QString() : columnTypeText(inferred->second);
    }
    case Qt::ToolTipRole:
        return row.tip.isEmpty() ? QVariant() : row.tip;
    case Qt::FontRole: {
        if (!label)
            return {};
        QFont font;
        font.setBold(true);
        return font;
    }
    case Qt::ForegroundRole:
        if (row.column.role == ColumnRole::Ignored || row.column.role == ColumnRole::Dropped)
            return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == MissingColumn ? int(Qt::AlignRight | Qt::AlignVCenter)
                                               : int(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

bool ImportColumnModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable))
        return false;
    bool ok = false;
    const int type = value.toInt(&ok);
    if (!ok || type < kAuto || type > int(ColumnType::Ignore))
        return false;
    const QString name = QString::fromStdString(m_rows[index.row()].column.name);
    return setOverride(name, type == kAuto ? std::nullopt : std::optional(ColumnType(type)));
}

Qt::ItemFlags ImportColumnModel::flags(const QModelIndex &index) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == TypeColumn && m_rows[index.row()].column.role != ColumnRole::Label)
        flags |= Qt::ItemIsEditable;
    return flags;
}

QVariant ImportColumnModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Column");
    case TypeColumn:
        return tr("Type");
    case MissingColumn:
        return tr("Missing");
    case ExamplesColumn:
        return tr("Examples");
    }
    return {};
}

} // namespace dllab::ui
