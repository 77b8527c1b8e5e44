#include "ui/datasets/datasets_view.h"

#include "plots/class_distribution_chart.h"
#include "ui/datasets/dataset_tree_model.h"
#include "ui/datasets/preview_pane.h"
#include "ui/runs/schema_form.h"

#include <QChart>
#include <QHeaderView>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace dllab::ui {

namespace {

QTreeView *makeTree(DatasetTreeModel *model)
{
    auto *tree = new QTreeView;
    tree->setObjectName(QStringLiteral("datasetTree"));
    tree->setModel(model);
    tree->setUniformRowHeights(true);
    tree->setAlternatingRowColors(true);
    tree->setSelectionMode(QAbstractItemView::SingleSelection);
    tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    tree->setAllColumnsShowFocus(true);
    QHeaderView *header = tree->header();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setMinimumSectionSize(40);
    // The message is the one column of free length: shown last, it takes what width is left
    // and is the one cut short (its tooltip has all of it), not the hash.
    header->moveSection(header->visualIndex(DatasetTreeModel::MessageColumn), header->count() - 1);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(DatasetTreeModel::MessageColumn, QHeaderView::Stretch);
    return tree;
}

plots::ClassDistributionChart::Counts countsInClassOrder(const datasets::VersionInfo &version)
{
    plots::ClassDistributionChart::Counts counts;
    for (const std::string &name : version.classes) {
        const auto found = version.classCounts.find(name);
        counts.append({QString::fromStdString(name),
                       found == version.classCounts.end() ? 0 : qint64(found->second)});
    }
    return counts;
}

// A regression target's 20-bin histogram, each bar labelled by its bin's centre.
plots::ClassDistributionChart::Counts targetHistogram(const datasets::VersionInfo &version)
{
    plots::ClassDistributionChart::Counts counts;
    const nlohmann::json &stats = version.targetStats;
    if (!stats.is_object() || !stats.contains("histogram"))
        return counts;
    const double low = stats.value("min", 0.0), high = stats.value("max", 0.0);
    const auto &bins = stats["histogram"];
    const double width = bins.empty() ? 0.0 : (high - low) / double(bins.size());
    for (size_t b = 0; b < bins.size(); ++b)
        counts.append(
            {QString::number(low + (double(b) + 0.5) * width, 'g', 3), bins[b].get<qint64>()});
    return counts;
}

} // namespace

DatasetsView::DatasetsView(QWidget *parent)
    : QWidget(parent), m_model(new DatasetTreeModel(this)), m_tree(makeTree(m_model)),
      m_preview(new PreviewPane), m_chart(new plots::ClassDistributionChart),
      m_schema(new SchemaForm)
{
    setObjectName(QStringLiteral("datasetsView"));
    m_chart->setObjectName(QStringLiteral("classDistributionChart"));
    // A QGraphicsView takes drops by default; a file dropped on the chart is for the window.
    m_chart->setAcceptDrops(false);
    m_schema->setAcceptDrops(false);

    auto *details = new QSplitter(Qt::Horizontal);
    details->addWidget(m_chart);
    details->addWidget(m_schema);
    details->setStretchFactor(0, 1);
    details->setStretchFactor(1, 1);
    details->setSizes({340, 380}); // the schema's labels and values need about 380 px

    auto *right = new QSplitter(Qt::Vertical);
    right->addWidget(m_preview);
    right->addWidget(details);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    right->setSizes({400, 290});

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_tree);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({430, 720});
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &DatasetsView::showCurrent);
    connect(m_preview, &PreviewPane::previewShown, this, &DatasetsView::previewShown);
    // A merge may move or drop the current row; the details follow what is current now.
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &DatasetsView::showCurrent);
    connect(m_model, &QAbstractItemModel::modelReset, this, &DatasetsView::showCurrent);
    showCurrent();
}

void DatasetsView::setDatasets(std::vector<datasets::DatasetSummary> datasets)
{
    const int before = m_model->datasetCount();
    m_model->setDatasets(std::move(datasets));
    if (m_model->datasetCount() != before)
        m_tree->expandAll(); // a handful of datasets: their versions are what users look for
    for (int column : {DatasetTreeModel::VersionColumn, DatasetTreeModel::DateColumn,
                       DatasetTreeModel::SamplesColumn, DatasetTreeModel::HashColumn})
        m_tree->resizeColumnToContents(column);
    showCurrent(); // the current dataset row may have gained a newer version
}

bool DatasetsView::selectVersion(const QString &dataset, int number)
{
    const QModelIndex index = m_model->versionIndex(dataset, number);
    if (!index.isValid())
        return false;
    m_tree->expand(index.parent());
    m_tree->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect
                                                         | QItemSelectionModel::Rows);
    m_tree->scrollTo(index);
    return true;
}

const datasets::VersionInfo *DatasetsView::currentVersion() const
{
    const QModelIndex current = m_tree->selectionModel()->currentIndex();
    if (!current.isValid())
        return nullptr;
    if (const auto *version = m_model->versionAt(current))
        return version;
    // A dataset row stands for its newest version.
    return m_model->versionAt(m_model->index(0, 0, current.siblingAtColumn(0)));
}

QString DatasetsView::currentRef() const
{
    const auto *version = currentVersion();
    return version ? QString::fromStdString(version->ref()) : QString();
}

bool DatasetsView::isPreviewLoading() const { return m_preview->isLoading(); }

void DatasetsView::showCurrent()
{
    const datasets::VersionInfo *version = currentVersion();
    const QString ref = version ? QString::fromStdString(version->ref()) : QString();
    if (version && ref == m_shownRef)
        return;
    const bool changed = ref != m_shownRef;
    m_shownRef = ref;
    if (!version) {
        m_preview->showMessage(m_model->datasetCount() == 0
                                   ? tr("No datasets yet. Drop files or a folder on the window "
                                        "(CSV, IDX, an image folder, .npy) to import one.")
                                   : tr("Select a dataset version to preview its samples."));
        m_chart->clear();
        m_schema->clear();
    } else {
        m_preview->showVersion(m_workspaceDir, ref);
        if (version->task == datasets::Task::Regression) {
            m_chart->setCounts(targetHistogram(*version));
            m_chart->chart()->setTitle(
                tr("Distribution of %1").arg(QString::fromStdString(version->label)));
        } else {
            m_chart->setCounts(countsInClassOrder(*version));
            m_chart->chart()->setTitle(tr("Class distribution"));
        }
        m_schema->setVersion(*version);
    }
    if (changed)
        Q_EMIT currentVersionChanged(ref);
}

void DatasetsView::setWorkspaceDir(const std::filesystem::path &dir)
{
    m_workspaceDir = dir;
    m_model->clear();
    m_shownRef.clear();
    showCurrent();
}

} // namespace dllab::ui
