#include "ui/datasets/dataset_tree_model.h"

#include <QDateTime>
#include <QFont>
#include <QFontDatabase>
#include <QLocale>

#include <algorithm>
#include <iterator>

namespace dllab::ui {

namespace {

constexpr int kShortHashLength = 12;
constexpr int kRightAligned = int(Qt::AlignRight | Qt::AlignVCenter);

bool sameVersion(const datasets::VersionInfo &a, const datasets::VersionInfo &b)
{
    return a.number == b.number && a.hash == b.hash;
}

QString qs(const std::string &text) { return QString::fromStdString(text); }

} // namespace

QString displayDate(const std::string &isoUtc)
{
    QDateTime time = QDateTime::fromString(qs(isoUtc), Qt::ISODate);
    if (!time.isValid())
        return qs(isoUtc);
    if (time.timeSpec() == Qt::LocalTime) // no zone in the text: the catalog stores UTC
        time.setTimeSpec(Qt::UTC);
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

DatasetTreeModel::DatasetTreeModel(QObject *parent) : QAbstractItemModel(parent) {}
DatasetTreeModel::~DatasetTreeModel() = default;

std::vector<datasets::VersionInfo> DatasetTreeModel::versions() const
{
    std::vector<datasets::VersionInfo> all;
    for (const auto &node : m_datasets)
        all.insert(all.end(), node->versions.begin(), node->versions.end());
    return all;
}

void DatasetTreeModel::setDatasets(std::vector<datasets::DatasetSummary> list)
{
    std::sort(list.begin(), list.end(),
              [](const auto &a, const auto &b) { return a.name < b.name; });
    // Drop what is gone; what stays is then a sorted subset of the new list.
    for (int row = int(m_datasets.size()) - 1; row >= 0; --row) {
        const bool kept = std::any_of(list.begin(), list.end(), [&](const auto &summary) {
            return summary.name == m_datasets[size_t(row)]->name;
        });
        if (!kept) {
            beginRemoveRows({}, row, row);
            m_datasets.erase(m_datasets.begin() + row);
            endRemoveRows();
        }
    }
    for (size_t i = 0; i < list.size(); ++i) {
        auto &summary = list[i];
        std::vector<datasets::VersionInfo> newestFirst(summary.versions.rbegin(),
                                                       summary.versions.rend());
        const int row = int(i);
        if (i < m_datasets.size() && m_datasets[i]->name == summary.name) {
            m_datasets[i]->createdAt = summary.createdAt;
            mergeVersions(row, std::move(newestFirst));
            continue;
        }
        beginInsertRows({}, row, row);
        auto node = std::make_unique<Node>();
        node->name = summary.name;
        node->createdAt = summary.createdAt;
        node->versions = std::move(newestFirst);
        m_datasets.insert(m_datasets.begin() + row, std::move(node));
        endInsertRows();
    }
}

void DatasetTreeModel::mergeVersions(int row, std::vector<datasets::VersionInfo> newestFirst)
{
    Node &node = *m_datasets[size_t(row)];
    const QModelIndex parent = index(row, 0);
    auto &old = node.versions;
    // Versions are only ever appended, so the old list is normally the tail of the new one.
    const bool appended =
        newestFirst.size() >= old.size()
        && std::equal(old.begin(), old.end(), newestFirst.end() - std::ptrdiff_t(old.size()),
                      sameVersion);
    if (appended) {
        const int added = int(newestFirst.size() - old.size());
        if (added == 0) {
            old = std::move(newestFirst);
            return;
        }
        beginInsertRows(parent, 0, added - 1);
        old = std::move(newestFirst);
        endInsertRows();
    } else {
        if (!old.empty()) {
            beginRemoveRows(parent, 0, int(old.size()) - 1);
            old.clear();
            endRemoveRows();
        }
        if (!newestFirst.empty()) {
            beginInsertRows(parent, 0, int(newestFirst.size()) - 1);
            old = std::move(newestFirst);
            endInsertRows();
        }
    }
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int DatasetTreeModel::rowOf(const Node *node) const
{
    for (size_t i = 0; i < m_datasets.size(); ++i) {
        if (m_datasets[i].get() == node)
            return int(i);
    }
    return -1;
}

const datasets::VersionInfo *DatasetTreeModel::versionAt(const QModelIndex &index) const
{
    if (!index.isValid() || !index.internalPointer())
        return nullptr;
    const auto *node = static_cast<const Node *>(index.internalPointer());
    return &node->versions[size_t(index.row())];
}

QModelIndex DatasetTreeModel::datasetIndex(const QString &dataset) const
{
    const std::string name = dataset.toStdString();
    for (size_t i = 0; i < m_datasets.size(); ++i) {
        if (m_datasets[i]->name == name)
            return index(int(i), 0);
    }
    return {};
}

QModelIndex DatasetTreeModel::versionIndex(const QString &dataset, int number) const
{
    const QModelIndex parent = datasetIndex(dataset);
    if (!parent.isValid())
        return {};
    const auto &versions = m_datasets[size_t(parent.row())]->versions;
    for (size_t i = 0; i < versions.size(); ++i) {
        if (number == 0 || versions[i].number == number)
            return index(int(i), 0, parent);
    }
    return {};
}

QModelIndex DatasetTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < int(m_datasets.size()) ? createIndex(row, column, nullptr) : QModelIndex();
    if (parent.internalPointer() || parent.column() != 0 || parent.row() >= int(m_datasets.size()))
        return {}; // versions have no children
    Node *node = m_datasets[size_t(parent.row())].get();
    return row < int(node->versions.size()) ? createIndex(row, column, node) : QModelIndex();
}

QModelIndex DatasetTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !child.internalPointer())
        return {};
    const int row = rowOf(static_cast<const Node *>(child.internalPointer()));
    return row < 0 ? QModelIndex() : createIndex(row, 0, nullptr);
}

int DatasetTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_datasets.size());
    if (parent.internalPointer() || parent.column() != 0)
        return 0;
    return int(m_datasets[size_t(parent.row())]->versions.size());
}

int DatasetTreeModel::columnCount(const QModelIndex &) const { return ColumnCount; }

QVariant DatasetTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (const auto *version = versionAt(index))
        return versionData(*version, index.column(), role);
    return datasetData(*m_datasets[size_t(index.row())], index.column(), role);
}

QVariant DatasetTreeModel::datasetData(const Node &node, int column, int role) const
{
    const datasets::VersionInfo *latest = node.versions.empty() ? nullptr : &node.versions.front();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case VersionColumn:
            return qs(node.name);
        case DateColumn:
            return displayDate(latest ? latest->createdAt : node.createdAt);
        case SamplesColumn:
            return latest ? QLocale().toString(qlonglong(latest->samples)) : QString();
        case MessageColumn:
            return node.versions.size() == 1 ? tr("1 version")
                                             : tr("%1 versions").arg(node.versions.size());
        default:
            return {};
        }
    case Qt::FontRole: {
        if (column != VersionColumn)
            return {};
        QFont font;
        font.setBold(true);
        return font;
    }
    case Qt::TextAlignmentRole:
        return column == SamplesColumn ? QVariant(kRightAligned) : QVariant();
    case DatasetNameRole:
        return qs(node.name);
    case VersionNumberRole:
        return 0;
    case RefRole:
        return QString();
    default:
        return {};
    }
}

QVariant DatasetTreeModel::versionData(const datasets::VersionInfo &version, int column,
                                       int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case VersionColumn:
            return QStringLiteral("v%1").arg(version.number);
        case DateColumn:
            return displayDate(version.createdAt);
        case SamplesColumn:
            return QLocale().toString(qlonglong(version.samples));
        case MessageColumn:
            return qs(version.message);
        case HashColumn:
            return qs(version.hash.substr(0, kShortHashLength));
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (column == HashColumn)
            return qs(version.hash);
        if (column == MessageColumn)
            return qs(version.message);
        return qs(version.ref());
    case Qt::FontRole:
        return column == HashColumn ? QVariant(QFontDatabase::systemFont(QFontDatabase::FixedFont))
                                    : QVariant();
    case Qt::TextAlignmentRole:
        return column == SamplesColumn ? QVariant(kRightAligned) : QVariant();
    case DatasetNameRole:
        return qs(version.dataset);
    case VersionNumberRole:
        return version.number;
    case RefRole:
        return qs(version.ref());
    default:
        return {};
    }
}

QVariant DatasetTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static const char *const names[] = {"Version", "Date", "Samples", "Message", "Hash"};
    static_assert(std::size(names) == ColumnCount);
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= ColumnCount)
        return {};
    return tr(names[section]);
}

} // namespace dllab::ui
